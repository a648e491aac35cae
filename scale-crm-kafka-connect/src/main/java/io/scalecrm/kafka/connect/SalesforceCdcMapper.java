package io.scalecrm.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An example of turning Salesforce Change Data Capture events into the connector's CRM change
 * events, for the program (or Kafka Streams application) that republishes CDC events to the
 * connector's topic.
 *
 * <p>It reads the JSON form of a CDC event (a {@code ChangeEventHeader} with {@code entityName},
 * {@code changeType}, {@code recordIds} and {@code commitTimestamp} in epoch milliseconds, plus the
 * record's fields) and returns one {@link ChangeEvent} per record id, keyed by the account:
 *
 * <ul>
 *   <li>{@code Account}: {@code Name}; the email from the configured field; {@code Phone} as
 *       contact information; B2C when {@code IsPersonAccount} is true.
 *   <li>{@code Contact}: {@code FirstName} and {@code LastName} (in the compound {@code Name}, as
 *       CDC sends them, or at the top level) as the name, {@code Email}, and {@code AccountId} as
 *       its account.
 *   <li>{@code OrderItem}: an {@code order} event for {@code OrderId} with the one line: the SKU
 *       from the configured field, {@code Quantity}, {@code ServiceDate} and {@code EndDate}, and
 *       {@code AccountId} as the buying account. A line missing from an order event is never a
 *       removal, so one event per line is enough.
 *   <li>{@code DELETE}: a removal ({@code deleted} for accounts and contacts, {@code cancelled} for
 *       the order line); {@code UNDELETE} is treated like {@code UPDATE}.
 * </ul>
 *
 * <p>CDC sends only the changed fields in an {@code UPDATE} and none in a {@code DELETE}, but an
 * event must describe the whole record (and name its account, the Kafka key). Configure <a
 * href="https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_event_enrichment.htm">event
 * enrichment</a> on the channel so that every event carries the fields used here (for example
 * {@code Name} on accounts, {@code AccountId}, {@code FirstName} and {@code LastName} on contacts,
 * {@code AccountId} and the SKU field on order items), or read the record back before mapping an
 * event. An event that lacks a field this mapper needs, and gap and overflow events (header only),
 * throw an {@link IllegalArgumentException} that says what is missing: re-read those records with
 * the Salesforce adapter instead.
 */
public final class SalesforceCdcMapper {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final @Nullable String accountEmailField;
  private final String skuField;

  /**
   * A mapper.
   *
   * @param accountEmailField the Account field that holds the account's email (such as {@code
   *     Billing_Email__c}), or {@code null} for none
   * @param skuField the OrderItem field that holds the product code (such as {@code
   *     Product_Code__c}, a formula field over {@code Product2.ProductCode})
   */
  public SalesforceCdcMapper(@Nullable String accountEmailField, String skuField) {
    this.accountEmailField = accountEmailField;
    this.skuField = Objects.requireNonNull(skuField, "skuField");
  }

  /**
   * A CRM change event ready to publish to the connector's topic.
   *
   * @param key the Kafka record key: the CRM id of the event's account
   * @param value the Kafka record value: the event, as in {@code crm-change-event.schema.json}
   */
  public record ChangeEvent(String key, ObjectNode value) {
    /**
     * Checks for nulls.
     *
     * @param key the Kafka record key
     * @param value the event
     */
    public ChangeEvent {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Maps one CDC event.
   *
   * @param cdcEvent the CDC event as JSON
   * @return one change event per record id of the event, in the event's order
   * @throws IllegalArgumentException when the event is not a CDC event of a supported entity, is a
   *     gap or overflow event, or lacks a field the mapping needs (the message names it)
   */
  public List<ChangeEvent> map(JsonNode cdcEvent) {
    JsonNode header = cdcEvent.path("ChangeEventHeader");
    if (!header.isObject()) {
      throw new IllegalArgumentException("Not a CDC event: no ChangeEventHeader");
    }
    String entity = header.path("entityName").asText("");
    String changeType = header.path("changeType").asText("").toUpperCase(Locale.ROOT);
    if (changeType.startsWith("GAP_") || changeType.endsWith("OVERFLOW")) {
      throw new IllegalArgumentException(
          changeType
              + " event for "
              + entity
              + " carries no field values: re-read its records from Salesforce instead");
    }
    if (!List.of("CREATE", "UPDATE", "UNDELETE", "DELETE").contains(changeType)) {
      throw new IllegalArgumentException("Unsupported changeType '" + changeType + "'");
    }
    boolean deleted = changeType.equals("DELETE");
    String modifiedAt = commitTime(header);
    List<ChangeEvent> events = new ArrayList<>();
    for (JsonNode id : header.path("recordIds")) {
      String recordId = id.asText("");
      if (recordId.isBlank()) {
        continue;
      }
      switch (entity) {
        case "Account":
          events.add(account(cdcEvent, recordId, deleted, modifiedAt));
          break;
        case "Contact":
          events.add(contact(cdcEvent, recordId, deleted, modifiedAt));
          break;
        case "OrderItem":
          events.add(orderItem(cdcEvent, recordId, deleted, modifiedAt));
          break;
        default:
          throw new IllegalArgumentException(
              "Unsupported entity '" + entity + "': map Account, Contact or OrderItem events");
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("The " + entity + " event names no record id");
    }
    return events;
  }

  private ChangeEvent account(JsonNode e, String id, boolean deleted, String modifiedAt) {
    ObjectNode event = base("account", id, modifiedAt);
    if (deleted) {
      event.put("status", "deleted");
      return new ChangeEvent(id, event);
    }
    event.put("name", required(e, "Name", "Account"));
    boolean b2c = e.path("IsPersonAccount").asBoolean(false);
    String email = accountEmailField == null ? null : text(e, accountEmailField);
    putIfPresent(event, "email", email);
    putIfPresent(event, "contactInfo", text(e, "Phone"));
    event.put("customerType", b2c ? "B2C" : "B2B");
    String number = text(e, "AccountNumber");
    if (number != null) {
      event.putObject("otherIds").put("accountNumber", number);
    }
    return new ChangeEvent(id, event);
  }

  private static ChangeEvent contact(JsonNode e, String id, boolean deleted, String modifiedAt) {
    String account = required(e, "AccountId", "Contact");
    ObjectNode event = base("contact", id, modifiedAt);
    event.put("accountCrmId", account);
    if (deleted) {
      event.put("status", "deleted");
      return new ChangeEvent(account, event);
    }
    // CDC sends the compound name as Name: {FirstName, LastName}; enriched or flattened
    // payloads may carry the parts at the top level
    JsonNode name = e.path("Name").isObject() ? e.get("Name") : e;
    String first = text(name, "FirstName");
    String last = required(name, "LastName", "Contact");
    event.put("name", first == null ? last : first + " " + last);
    putIfPresent(event, "email", text(e, "Email"));
    return new ChangeEvent(account, event);
  }

  private ChangeEvent orderItem(JsonNode e, String id, boolean deleted, String modifiedAt) {
    String account = required(e, "AccountId", "OrderItem");
    String order = required(e, "OrderId", "OrderItem");
    ObjectNode event = base("order", order, modifiedAt);
    event.put("accountCrmId", account);
    if (deleted) {
      event.put("status", "cancelled");
      event.putArray("lineIds").add(id);
      return new ChangeEvent(account, event);
    }
    ArrayNode lines = event.putArray("lines");
    ObjectNode line = lines.addObject();
    line.put("lineId", id);
    line.put("sku", required(e, skuField, "OrderItem"));
    JsonNode quantity = e.get("Quantity");
    if (quantity == null || !quantity.isNumber()) {
      throw missing("Quantity", "OrderItem");
    }
    line.set(
        "quantity",
        quantity.canConvertToExactIntegral() ? NODES.numberNode(quantity.intValue()) : quantity);
    putIfPresent(line, "validFrom", text(e, "ServiceDate"));
    String end = text(e, "EndDate");
    if (end != null) {
      // EndDate is the last day of service: the license ends when that day ends
      line.put(
          "validUntil",
          LocalDate.parse(end).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }
    return new ChangeEvent(account, event);
  }

  private static ObjectNode base(String type, String id, String modifiedAt) {
    ObjectNode event = NODES.objectNode();
    event.put("type", type);
    event.put("crmId", id);
    event.put("modifiedAt", modifiedAt);
    return event;
  }

  private static String commitTime(JsonNode header) {
    JsonNode millis = header.get("commitTimestamp");
    if (millis == null || !millis.canConvertToLong()) {
      throw new IllegalArgumentException("The CDC event has no commitTimestamp");
    }
    return Instant.ofEpochMilli(millis.longValue()).toString();
  }

  private static @Nullable String text(JsonNode e, String field) {
    JsonNode value = e.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  private static String required(JsonNode e, String field, String entity) {
    String value = text(e, field);
    if (value == null) {
      throw missing(field, entity);
    }
    return value;
  }

  private static IllegalArgumentException missing(String field, String entity) {
    return new IllegalArgumentException(
        "The "
            + entity
            + " event has no "
            + field
            + ": CDC sends only changed fields, so enrich the channel with "
            + field
            + " (or read the record back) before mapping");
  }

  private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
