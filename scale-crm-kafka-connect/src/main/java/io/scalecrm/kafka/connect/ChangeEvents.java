package io.scalecrm.kafka.connect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.LineStatus;
import io.scalecrm.crm.spi.RemovalKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads CRM change events (the JSON format that {@code crm-change-event.schema.json} pins) into
 * canonical records. The checks here are the schema's, written out on the Jackson tree: the
 * canonical records then validate their own fields. Every problem is an {@link
 * InvalidCrmRecordException} that names the record and the field in the event's terms; an event
 * that is not even a recognisable record is an {@link EventFormatException}.
 */
final class ChangeEvents {
  static final String ACCOUNT = "account";
  static final String CONTACT = "contact";
  static final String ORDER = "order";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

  private static final Set<String> ACCOUNT_FIELDS =
      Set.of(
          "type",
          "crmId",
          "status",
          "modifiedAt",
          "name",
          "displayName",
          "email",
          "contactInfo",
          "customerType",
          "otherIds");
  private static final Set<String> CONTACT_FIELDS =
      Set.of(
          "type",
          "crmId",
          "status",
          "modifiedAt",
          "accountCrmId",
          "name",
          "email",
          "kind",
          "connectedIdentityId");
  private static final Set<String> ORDER_FIELDS =
      Set.of("type", "crmId", "status", "modifiedAt", "accountCrmId", "lines");
  private static final Set<String> LINE_FIELDS =
      Set.of(
          "lineId",
          "sku",
          "quantity",
          "validFrom",
          "validUntil",
          "subscriptionReference",
          "contractReference",
          "status",
          "cancelledAt");
  private static final Set<String> ACCOUNT_REMOVED_FIELDS =
      Set.of("type", "crmId", "status", "modifiedAt", "effectiveAt");
  private static final Set<String> CONTACT_REMOVED_FIELDS =
      Set.of("type", "crmId", "status", "modifiedAt", "effectiveAt", "accountCrmId");
  private static final Set<String> ORDER_REMOVED_FIELDS =
      Set.of("type", "crmId", "status", "modifiedAt", "effectiveAt", "accountCrmId", "lineIds");

  private ChangeEvents() {}

  /**
   * Parses an event's JSON text.
   *
   * @throws EventFormatException when the text is not one JSON object
   */
  static JsonNode readTree(byte[] utf8) {
    try {
      return JSON.readTree(utf8);
    } catch (java.io.IOException e) {
      throw new EventFormatException(null, "is not valid JSON (" + location(e) + ")");
    }
  }

  static JsonNode readTree(String text) {
    return readTree(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A Map/List value as JsonConverter (schemas.enable=false) hands it over. */
  static JsonNode valueToTree(Object value) {
    return JSON.valueToTree(value);
  }

  private static String location(java.io.IOException e) {
    if (e instanceof JsonProcessingException
        && ((JsonProcessingException) e).getLocation() != null) {
      var loc = ((JsonProcessingException) e).getLocation();
      return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    return "unreadable";
  }

  /**
   * The event's record.
   *
   * @param event the event's JSON tree
   * @return the account, contact, order or tombstone it describes
   * @throws EventFormatException when the event has no valid {@code type}
   * @throws InvalidCrmRecordException when a field is missing or invalid
   */
  static CrmRecord parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new EventFormatException(null, "is not a JSON object");
    }
    JsonNode typeNode = event.get("type");
    if (typeNode == null || typeNode.isNull()) {
      throw new EventFormatException("type", "is missing (account, contact or order)");
    }
    String type = typeNode.isTextual() ? typeNode.textValue() : "";
    switch (type) {
      case ACCOUNT:
        return account(new Fields(event, CrmRecordType.ACCOUNT));
      case CONTACT:
        return contact(new Fields(event, CrmRecordType.CONTACT));
      case ORDER:
        return order(new Fields(event, CrmRecordType.ORDER));
      default:
        throw new EventFormatException("type", "must be account, contact or order");
    }
  }

  /** The event's {@code type} text when it is one of the three, else {@code null}. */
  static @Nullable String typeOf(@Nullable JsonNode event) {
    if (event == null || !event.isObject()) {
      return null;
    }
    JsonNode type = event.get("type");
    if (type == null || !type.isTextual()) {
      return null;
    }
    String text = type.textValue();
    return Set.of(ACCOUNT, CONTACT, ORDER).contains(text) ? text : null;
  }

  /** The event's {@code crmId} text when it has one, else {@code null}. */
  static @Nullable String crmIdOf(@Nullable JsonNode event) {
    if (event == null || !event.isObject()) {
      return null;
    }
    JsonNode id = event.get("crmId");
    return id != null && id.isTextual() && !id.textValue().isBlank()
        ? id.textValue().strip()
        : null;
  }

  /**
   * The CRM id of the account a record belongs to: the partition key its events must carry.
   *
   * @param record the record
   * @return the account's CRM id
   */
  static String accountOf(CrmRecord record) {
    if (record instanceof CrmAccount) {
      return record.crmId();
    }
    if (record instanceof CrmContact) {
      return ((CrmContact) record).accountCrmId();
    }
    if (record instanceof CrmOrder) {
      return ((CrmOrder) record).accountCrmId();
    }
    String account = ((CrmTombstone) record).accountCrmId();
    return account == null ? record.crmId() : account;
  }

  /** The event's name for a record type, as in {@code type}. */
  static String eventType(CrmRecordType type) {
    switch (type) {
      case ACCOUNT:
        return ACCOUNT;
      case CONTACT:
        return CONTACT;
      case ORDER:
        return ORDER;
      default:
        return "order line";
    }
  }

  private static CrmRecord account(Fields f) {
    String status = f.status(Set.of("active", "deleted"));
    if (status.equals("deleted")) {
      f.only(ACCOUNT_REMOVED_FIELDS, "a deleted account");
      return new CrmTombstone(
          CrmRecordType.ACCOUNT,
          f.id(),
          null,
          RemovalKind.DELETED,
          f.time("modifiedAt"),
          f.time("effectiveAt"),
          List.of());
    }
    f.only(ACCOUNT_FIELDS, "an account");
    CustomerType customerType =
        f.enumValue("customerType", CustomerType.class, CustomerType.B2B, "B2B or B2C");
    return new CrmAccount(
        f.id(),
        f.text("name"),
        f.text("displayName"),
        f.text("email"),
        f.text("contactInfo"),
        customerType,
        f.stringMap("otherIds"),
        f.time("modifiedAt"));
  }

  private static CrmRecord contact(Fields f) {
    String status = f.status(Set.of("active", "inactive", "deleted"));
    if (!status.equals("active")) {
      f.only(CONTACT_REMOVED_FIELDS, "a removed contact");
      return new CrmTombstone(
          CrmRecordType.CONTACT,
          f.id(),
          f.text("accountCrmId"),
          status.equals("inactive") ? RemovalKind.INACTIVE : RemovalKind.DELETED,
          f.time("modifiedAt"),
          f.time("effectiveAt"),
          List.of());
    }
    f.only(CONTACT_FIELDS, "a contact");
    return new CrmContact(
        f.id(),
        f.text("accountCrmId"),
        f.text("name"),
        f.text("email"),
        f.enumValue("kind", ConsumerKind.class, ConsumerKind.PERSON, "PERSON or DEVICE"),
        f.text("connectedIdentityId"),
        f.time("modifiedAt"));
  }

  private static CrmRecord order(Fields f) {
    String status = f.status(Set.of("active", "cancelled", "deleted"));
    if (!status.equals("active")) {
      f.only(ORDER_REMOVED_FIELDS, "a " + status + " order");
      return new CrmTombstone(
          CrmRecordType.ORDER,
          f.id(),
          f.text("accountCrmId"),
          status.equals("cancelled") ? RemovalKind.CANCELLED : RemovalKind.DELETED,
          f.time("modifiedAt"),
          f.time("effectiveAt"),
          f.stringList("lineIds"));
    }
    f.only(ORDER_FIELDS, "an order");
    String id = f.id();
    String accountCrmId = f.text("accountCrmId");
    JsonNode linesNode = f.node("lines");
    if (linesNode == null) {
      throw f.invalid("lines", "is missing (an array of order lines)");
    }
    if (!linesNode.isArray()) {
      throw f.invalid("lines", "must be an array of order lines");
    }
    List<CrmOrderLine> lines = new ArrayList<>();
    List<InvalidCrmRecordException> invalid = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < linesNode.size(); i++) {
      try {
        CrmOrderLine line = line(linesNode.get(i), i);
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
    return new CrmOrder(id, accountCrmId, lines, invalid, f.time("modifiedAt"));
  }

  private static CrmOrderLine line(JsonNode node, int index) {
    String where = "lines[" + index + "]";
    if (node == null || !node.isObject()) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE, where, "lines", "holds an entry that is not a JSON object");
    }
    Fields f = new Fields(node, CrmRecordType.ORDER_LINE, "lineId", where);
    f.only(LINE_FIELDS, "an order line");
    String status = f.status(Set.of("active", "cancelled"));
    Instant cancelledAt = f.time("cancelledAt");
    if (status.equals("active") && cancelledAt != null) {
      throw f.invalid("cancelledAt", "is only for a cancelled line (status cancelled)");
    }
    return new CrmOrderLine(
        f.id(),
        f.text("sku"),
        f.quantity("quantity"),
        f.time("validFrom"),
        f.time("validUntil"),
        f.text("subscriptionReference"),
        f.text("contractReference"),
        status.equals("cancelled") ? LineStatus.CANCELLED : LineStatus.ACTIVE,
        cancelledAt);
  }

  /** Typed access to one JSON object's fields, failing with the record and field named. */
  private static final class Fields {
    private final JsonNode node;
    private final CrmRecordType type;
    private final String idField;
    private final String where;

    Fields(JsonNode node, CrmRecordType type) {
      this(node, type, "crmId", "?");
    }

    Fields(JsonNode node, CrmRecordType type, String idField, String where) {
      this.node = node;
      this.type = type;
      this.idField = idField;
      JsonNode id = node.get(idField);
      this.where =
          id != null && id.isTextual() && !id.textValue().isBlank()
              ? id.textValue().strip()
              : where;
    }

    InvalidCrmRecordException invalid(String field, String reason) {
      return new InvalidCrmRecordException(type, where, field, reason);
    }

    @Nullable JsonNode node(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value;
    }

    /** Every field must be one of these. */
    void only(Set<String> allowed, String what) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw invalid(name, "is not a field of " + what);
        }
      }
    }

    String id() {
      String id = text(idField);
      if (id == null) {
        throw invalid(idField, "is missing");
      }
      return id;
    }

    @Nullable String text(String field) {
      JsonNode value = node(field);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        throw invalid(field, "must be a string");
      }
      return value.textValue();
    }

    String status(Set<String> allowed) {
      String status = text("status");
      if (status == null) {
        return "active";
      }
      if (!allowed.contains(status)) {
        throw invalid("status", "must be one of " + String.join(", ", sorted(allowed)));
      }
      return status;
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback, String choices) {
      String text = text(field);
      if (text == null) {
        return fallback;
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(text)) {
          return e;
        }
      }
      throw invalid(field, "must be " + choices);
    }

    @Nullable Instant time(String field) {
      String text = text(field);
      if (text == null) {
        return null;
      }
      try {
        if (DATE.matcher(text).matches()) {
          return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (DATE_TIME.matcher(text).matches()) {
          return OffsetDateTime.parse(text).toInstant();
        }
      } catch (DateTimeException e) {
        // reported below
      }
      throw invalid(
          field,
          "must be a date (2026-03-01) or a timestamp with an offset (2026-03-01T10:00:00Z)");
    }

    int quantity(String field) {
      JsonNode value = node(field);
      if (value == null) {
        throw invalid(field, "is missing");
      }
      if (!value.isNumber()) {
        throw invalid(field, "must be a number");
      }
      BigDecimal number = value.decimalValue();
      if (number.stripTrailingZeros().scale() > 0) {
        throw invalid(field, "is not a whole number; a license needs a whole number of seats");
      }
      if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        throw invalid(field, "is too large");
      }
      if (number.signum() <= 0) {
        throw invalid(field, "must be positive");
      }
      return number.intValueExact();
    }

    Map<String, String> stringMap(String field) {
      JsonNode value = node(field);
      if (value == null) {
        return Map.of();
      }
      if (!value.isObject()) {
        throw invalid(field, "must be an object of strings");
      }
      Map<String, String> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        JsonNode v = e.getValue();
        if (v.isNull()) {
          continue;
        }
        if (!v.isTextual()) {
          throw invalid(field + "." + e.getKey(), "must be a string");
        }
        map.put(e.getKey(), v.textValue());
      }
      return map;
    }

    List<String> stringList(String field) {
      JsonNode value = node(field);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        throw invalid(field, "must be an array of strings");
      }
      List<String> list = new ArrayList<>();
      for (JsonNode v : value) {
        if (!v.isTextual() || v.textValue().isBlank()) {
          throw invalid(field, "must hold only non-empty strings");
        }
        list.add(v.textValue().strip());
      }
      return list;
    }

    private static List<String> sorted(Set<String> values) {
      List<String> list = new ArrayList<>(values);
      list.sort(java.util.Comparator.comparing(s -> s.toLowerCase(Locale.ROOT)));
      return list;
    }
  }
}
