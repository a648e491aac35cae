package io.scalecrm.examples.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pure mapping from Salesforce REST records (JSON) to the canonical records; no I/O.
 *
 * <ul>
 *   <li>Account: {@code Id}, {@code Name}; email from the configured field; {@code Phone} and
 *       {@code BillingAddress} as multi-line contact information; B2C when the configured checkbox
 *       (such as {@code IsPersonAccount}) is true, else B2B; {@code AccountNumber} as the other id
 *       {@code accountNumber}.
 *   <li>Contact: {@code FirstName} and {@code LastName} joined as the name; {@code AccountId} is
 *       required (a private contact without an account is rejected, naming {@code accountCrmId}).
 *   <li>Order line: {@code Id}; the SKU from the configured field path; {@code Quantity} must be a
 *       whole number (Salesforce sends {@code 5.0}); validity from {@code ServiceDate} (else the
 *       order's {@code EffectiveDate}) at 00:00 UTC until the end of {@code EndDate} (else the
 *       order's {@code EndDate}) in UTC, i.e. 00:00 UTC of the following day, exclusive.
 *       Opportunity lines have no end date (perpetual unless the mapping adds a term) and no
 *       fallback start (start of the issue day).
 * </ul>
 *
 * <p>Removals:
 *
 * <ul>
 *   <li>A row with {@code IsDeleted = true} (read through {@code queryAll}) is a deleted account,
 *       contact or order; a deleted line of a live order is a cancelled line ending at the moment
 *       of the sync.
 *   <li>A contact whose configured inactive field has the configured value is inactive.
 *   <li>An order (opportunity) whose {@code Status} ({@code StageName}) is one of the configured
 *       cancelled values is cancelled: all its lines are cancelled.
 *   <li>A line whose configured cancelled field has the configured value is cancelled, ending at
 *       its configured cancelled-at field: a datetime as it is, a date at 00:00 UTC of that day
 *       (the first day without a license), or, without a value, at the moment of the sync.
 * </ul>
 *
 * <p>Every record's {@code modifiedAt} is its {@code SystemModstamp}, the field the queries sort
 * by; an order's is its own, not its lines' (see {@link SalesforceAdapter}).
 */
final class SalesforceRecords {

  static final String ACCOUNT_NUMBER_ID = "accountNumber";

  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");

  private final SalesforceConfig config;

  SalesforceRecords(SalesforceConfig config) {
    this.config = config;
  }

  /**
   * The change cursor of a row: its {@code SystemModstamp} and {@code Id}. These system fields are
   * always present; a row without them is a malformed response, not a bad record.
   */
  static ChangeCursor cursorOf(JsonNode row, String object) {
    String id = text(row, "Id");
    String stamp = text(row, "SystemModstamp");
    if (id == null || stamp == null) {
      throw new CrmAdapterException(
          "Salesforce returned a " + object + " row without Id or SystemModstamp", null, false);
    }
    try {
      return new ChangeCursor(dateTime(stamp), id);
    } catch (DateTimeParseException e) {
      throw new CrmAdapterException(
          "Salesforce returned " + object + " " + id + " with an unreadable SystemModstamp",
          e,
          false);
    }
  }

  /** Parses a Salesforce datetime such as {@code 2026-01-01T10:00:00.000+0000}. */
  static Instant dateTime(String text) {
    String iso = COMPACT_OFFSET.matcher(text).replaceFirst("$1:$2");
    return OffsetDateTime.parse(iso).toInstant();
  }

  CrmAccount account(JsonNode row) {
    String id = text(row, "Id");
    Instant modified = modstamp(row);
    String email = config.accountEmailField().map(f -> text(at(row, f))).orElse(null);
    boolean b2c = config.b2cField().map(f -> isTrue(at(row, f))).orElse(false);
    String accountNumber = text(row, "AccountNumber");
    return new CrmAccount(
        id == null ? "" : id,
        text(row, "Name"),
        null,
        email,
        contactInfo(row),
        b2c ? CustomerType.B2C : CustomerType.B2B,
        accountNumber == null ? Map.of() : Map.of(ACCOUNT_NUMBER_ID, accountNumber),
        modified);
  }

  /** Whether the row is a deleted record ({@code IsDeleted}, only sent by {@code queryAll}). */
  static boolean isDeleted(JsonNode row) {
    return isTrue(row.get("IsDeleted"));
  }

  /** Whether the contact row is marked inactive by the configured field. */
  boolean contactInactive(JsonNode row) {
    return config
        .contactInactiveField()
        .map(f -> matches(at(row, f), config.contactInactiveValue()))
        .orElse(false);
  }

  /** Whether the order (opportunity) row has one of the configured cancelled statuses. */
  boolean cancelled(JsonNode row) {
    String status =
        text(
            row, config.objectPair() == SalesforceConfig.ObjectPair.ORDER ? "Status" : "StageName");
    return status != null
        && config.cancelledStatuses().stream().anyMatch(v -> v.equalsIgnoreCase(status.strip()));
  }

  /** The row's {@code AccountId}, or {@code null}. */
  static @Nullable String accountId(JsonNode row) {
    return text(row, "AccountId");
  }

  /** The row's {@code Id}, or an empty string. */
  static String id(JsonNode row) {
    String id = text(row, "Id");
    return id == null ? "" : id;
  }

  CrmContact contact(JsonNode row) {
    String id = text(row, "Id");
    String name = join(" ", text(row, "FirstName"), text(row, "LastName"));
    return new CrmContact(
        id == null ? "" : id,
        text(row, "AccountId"),
        name,
        text(row, "Email"),
        ConsumerKind.PERSON,
        null,
        modstamp(row));
  }

  /**
   * An order with its lines; a line that cannot be read goes to {@code invalidLines}.
   *
   * @param row the Order or Opportunity row
   * @param lineRows all its line rows (every batch of the child relationship)
   */
  CrmOrder order(JsonNode row, List<JsonNode> lineRows) {
    String id = text(row, "Id");
    List<CrmOrderLine> lines = new ArrayList<>();
    List<InvalidCrmRecordException> invalid = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode lineRow : lineRows) {
      try {
        CrmOrderLine line = line(lineRow, row);
        if (seen.add(line.lineId())) {
          lines.add(line);
        } else {
          invalid.add(
              new InvalidCrmRecordException(
                  CrmRecordType.ORDER_LINE, line.lineId(), "lineId", "appears twice in the order"));
        }
      } catch (InvalidCrmRecordException e) {
        invalid.add(e);
      }
    }
    return new CrmOrder(
        id == null ? "" : id, text(row, "AccountId"), lines, invalid, modstamp(row));
  }

  CrmOrderLine line(JsonNode line, JsonNode order) {
    String lineId = text(line, "Id");
    String ref = lineId == null ? "?" : lineId;
    String lineObject = config.objectPair().lineObject();
    boolean orders = config.objectPair() == SalesforceConfig.ObjectPair.ORDER;
    String sku = text(at(line, config.skuField()));
    if (sku == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          ref,
          "sku",
          "is missing (" + lineObject + "." + config.skuField() + " is empty)");
    }
    int quantity = quantity(line, ref, lineObject);
    Instant from = startOfDay(line, "ServiceDate", ref, lineObject, "validFrom");
    if (from == null && orders) {
      from = startOfDay(order, "EffectiveDate", ref, "Order", "validFrom");
    }
    Instant until = null;
    if (orders) {
      until = endOfDay(line, "EndDate", ref, lineObject);
      if (until == null) {
        until = endOfDay(order, "EndDate", ref, "Order");
      }
    }
    CrmOrderLine mapped =
        new CrmOrderLine(lineId == null ? "" : lineId, sku, quantity, from, until, null, null);
    if (isDeleted(line)) {
      return mapped.cancel(null);
    }
    boolean cancelled =
        config
            .lineCancelledField()
            .map(f -> matches(at(line, f), config.lineCancelledValue()))
            .orElse(false);
    return cancelled ? mapped.cancel(cancelledAt(line, ref, lineObject)) : mapped;
  }

  /** When a cancelled line's license ends: its configured cancelled-at field, or null. */
  private @Nullable Instant cancelledAt(JsonNode line, String ref, String lineObject) {
    String field = config.lineCancelledAtField().orElse(null);
    String text = field == null ? null : text(at(line, field));
    if (text == null) {
      return null;
    }
    try {
      return text.indexOf('T') < 0
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : dateTime(text);
    } catch (DateTimeParseException e) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          ref,
          "cancelledAt",
          "is not a date (" + lineObject + "." + field + " must be a date or datetime)");
    }
  }

  private static int quantity(JsonNode line, String ref, String lineObject) {
    JsonNode node = line.get("Quantity");
    String source = lineObject + ".Quantity";
    if (node == null || node.isNull()) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE, ref, "quantity", "is missing (" + source + ")");
    }
    BigDecimal value;
    try {
      value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
    } catch (NumberFormatException e) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE, ref, "quantity", "is not a number (" + source + ")");
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          ref,
          "quantity",
          "is not a whole number ("
              + source
              + " = "
              + value.toPlainString()
              + "); a license needs a whole number of seats");
    }
    if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE, ref, "quantity", "is too large (" + source + ")");
    }
    if (value.signum() <= 0) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          ref,
          "quantity",
          "must be positive (" + source + " = " + value.stripTrailingZeros().toPlainString() + ")");
    }
    return value.intValueExact();
  }

  private static @Nullable Instant startOfDay(
      JsonNode row, String field, String ref, String object, String canonical) {
    LocalDate date = date(row, field, ref, object, canonical);
    return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static @Nullable Instant endOfDay(JsonNode row, String field, String ref, String object) {
    LocalDate date = date(row, field, ref, object, "validUntil");
    return date == null ? null : date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static @Nullable LocalDate date(
      JsonNode row, String field, String ref, String object, String canonical) {
    String text = text(row, field);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          ref,
          canonical,
          "is not a date (" + object + "." + field + " must be YYYY-MM-DD)");
    }
  }

  /** Phone and billing address as lines: phone, street, "city, state postal code", country. */
  static @Nullable String contactInfo(JsonNode row) {
    List<String> lines = new ArrayList<>();
    String phone = text(row, "Phone");
    if (phone != null) {
      lines.add("Phone: " + phone);
    }
    JsonNode address = row.get("BillingAddress");
    if (address != null && address.isObject()) {
      String street = text(address, "street");
      if (street != null) {
        lines.add(street);
      }
      String cityState = join(", ", text(address, "city"), text(address, "state"));
      String locality = join(" ", cityState, text(address, "postalCode"));
      if (locality != null) {
        lines.add(locality);
      }
      String country = text(address, "country");
      if (country != null) {
        lines.add(country);
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static Instant modstamp(JsonNode row) {
    String stamp = text(row, "SystemModstamp");
    try {
      return stamp == null ? Instant.EPOCH : dateTime(stamp);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The value at a field path such as {@code Product2.ProductCode}; null when absent. */
  static @Nullable JsonNode at(JsonNode row, String path) {
    JsonNode node = row;
    for (String part : path.split("\\.")) {
      node = node.get(part);
      if (node == null || node.isNull()) {
        return null;
      }
    }
    return node;
  }

  private static @Nullable String text(@Nullable JsonNode node, String field) {
    return node == null ? null : text(node.get(field));
  }

  private static @Nullable String text(@Nullable JsonNode value) {
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  private static boolean matches(@Nullable JsonNode value, String expected) {
    String text = text(value);
    return text != null && text.strip().equalsIgnoreCase(expected.strip());
  }

  private static boolean isTrue(@Nullable JsonNode value) {
    return value != null
        && (value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText()));
  }

  private static @Nullable String join(String separator, @Nullable String a, @Nullable String b) {
    if (a == null || a.isBlank()) {
      return b == null || b.isBlank() ? null : b.strip();
    }
    return b == null || b.isBlank() ? a.strip() : a.strip() + separator + b.strip();
  }
}
