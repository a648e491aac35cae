package io.scalecrm.examples.salesforce;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The only SOQL queries the adapter sends, as named templates. Placeholders are {@value #SINCE} (an
 * unquoted UTC datetime literal in whole seconds), {@value #FIELDS} and {@value #LINE_FIELDS}
 * (extra configured fields, each preceded by {@code ", "}), {@value #SKU} (the configured SKU field
 * path), {@value #CANCELLED} (empty, or {@code " OR Status IN ('…')"} with the configured cancelled
 * statuses, quoted) and {@value #PARENT} (a quoted record id that was checked to be one). Values
 * come only from validated configuration, from {@link Instant}s and from checked record ids.
 *
 * <p>The change queries filter {@code SystemModstamp >= since} and sort by {@code SystemModstamp}
 * only: the adapter does not depend on how Salesforce orders {@code Id}s. It collects the rows of
 * each second whole, sorts them by (modification time, id) itself, and skips rows at or before the
 * exact cursor. They select {@code IsDeleted} and are sent to {@code queryAll}, so deleted records
 * come back as tombstones. Keeping the text fixed lets a fake server recognise the queries without
 * a SOQL parser.
 */
enum Soql {
  /** Accounts changed since a time, deleted ones included (through {@code queryAll}). */
  ACCOUNTS(
      "SELECT Id, Name, AccountNumber, Phone, BillingAddress, SystemModstamp, IsDeleted{fields}"
          + " FROM Account"
          + " WHERE SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC"),
  /** Contacts changed since a time, deleted ones included. */
  CONTACTS(
      "SELECT Id, AccountId, FirstName, LastName, Email, SystemModstamp, IsDeleted{fields}"
          + " FROM Contact"
          + " WHERE SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC"),
  /** Activated, cancelled or deleted orders changed since a time, each with its lines. */
  ORDERS(
      "SELECT Id, AccountId, Status, EffectiveDate, EndDate, SystemModstamp, IsDeleted,"
          + " (SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, {sku}{lineFields}"
          + " FROM OrderItems)"
          + " FROM Order"
          + " WHERE SystemModstamp >= {since}"
          + " AND (StatusCode = 'Activated' OR IsDeleted = true{cancelled})"
          + " ORDER BY SystemModstamp ASC"),
  /** Won, cancelled or deleted opportunities changed since a time, each with its lines. */
  OPPORTUNITIES(
      "SELECT Id, AccountId, StageName, CloseDate, SystemModstamp, IsDeleted,"
          + " (SELECT Id, Quantity, ServiceDate, IsDeleted, {sku}{lineFields}"
          + " FROM OpportunityLineItems)"
          + " FROM Opportunity"
          + " WHERE SystemModstamp >= {since}"
          + " AND (IsWon = true OR IsDeleted = true{cancelled})"
          + " ORDER BY SystemModstamp ASC"),
  /** The lines of one order, read again when its child batch's query locator expired. */
  ORDER_LINES(
      "SELECT Id, Quantity, ServiceDate, EndDate, IsDeleted, {sku}{lineFields}"
          + " FROM OrderItem"
          + " WHERE OrderId = {parent}"),
  /** The lines of one opportunity, read again when its child batch's locator expired. */
  OPPORTUNITY_LINES(
      "SELECT Id, Quantity, ServiceDate, IsDeleted, {sku}{lineFields}"
          + " FROM OpportunityLineItem"
          + " WHERE OpportunityId = {parent}");

  static final String SINCE = "{since}";
  static final String FIELDS = "{fields}";
  static final String LINE_FIELDS = "{lineFields}";
  static final String SKU = "{sku}";
  static final String CANCELLED = "{cancelled}";
  static final String PARENT = "{parent}";

  /** The fields of an account read by id; the same as {@link #ACCOUNTS} selects. */
  static final String ACCOUNT_FIELDS =
      "Id,Name,AccountNumber,Phone,BillingAddress,SystemModstamp,IsDeleted";

  /** A Salesforce record id: 15 or 18 letters and digits. */
  private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");

  private final String template;

  Soql(String template) {
    this.template = template;
  }

  /**
   * The template text with its placeholders.
   *
   * @return the template
   */
  String template() {
    return template;
  }

  /**
   * Fills in the template.
   *
   * @param since the lower bound, or {@code null} for all records; truncated to whole seconds (an
   *     inclusive bound that is never later than the cursor); ignored by templates without it
   * @param values the other placeholders
   * @return the query text
   */
  String render(@Nullable Instant since, Map<String, String> values) {
    String text = template.replace(SINCE, literal(since));
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    if (text.indexOf('{') >= 0) {
      throw new IllegalStateException("Unfilled placeholder in SOQL template " + name());
    }
    return text;
  }

  /**
   * A SOQL datetime literal: UTC, whole seconds, unquoted.
   *
   * @param since the time, or {@code null} for the epoch
   * @return the literal, such as {@code 2026-01-01T00:00:00Z}
   */
  static String literal(@Nullable Instant since) {
    Instant t = since == null ? Instant.EPOCH : since.truncatedTo(ChronoUnit.SECONDS);
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }

  /**
   * A quoted SOQL string literal: backslashes and single quotes escaped with a backslash.
   *
   * @param value the value
   * @return the literal, such as {@code 'Cancelled'}
   */
  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The {@value #CANCELLED} clause: empty without values, else {@code " OR <field> IN ('a', 'b')"}.
   *
   * @param field {@code Status} or {@code StageName}
   * @param values the cancelled values
   * @return the clause
   */
  static String cancelledClause(String field, List<String> values) {
    if (values.isEmpty()) {
      return "";
    }
    StringBuilder in = new StringBuilder(" OR ").append(field).append(" IN (");
    for (int i = 0; i < values.size(); i++) {
      in.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
    }
    return in.append(')').toString();
  }

  /**
   * A quoted record id for {@value #PARENT}.
   *
   * @param id the id, from a record Salesforce returned
   * @return the literal
   * @throws IllegalArgumentException when the text is not a Salesforce record id
   */
  static String recordId(String id) {
    if (!RECORD_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Not a Salesforce record id");
    }
    return "'" + id + "'";
  }
}
