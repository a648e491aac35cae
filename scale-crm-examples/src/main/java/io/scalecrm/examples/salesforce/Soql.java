package io.scalecrm.examples.salesforce;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The only SOQL queries the adapter sends, as named templates. Placeholders are {@value #SINCE} (an
 * unquoted UTC datetime literal in whole seconds), {@value #FIELDS} (extra configured fields, each
 * preceded by {@code ", "}) and {@value #SKU} (the configured SKU field path). Values come only
 * from validated configuration and from {@link Instant}s, never from record data.
 *
 * <p>Every template filters {@code SystemModstamp >= since} and sorts by {@code SystemModstamp,
 * Id}, which is the adapter's change order; the adapter skips rows at or before the exact cursor
 * itself. Keeping the text fixed lets a fake server recognise the queries without a SOQL parser.
 */
enum Soql {
  /** Accounts changed since a time. */
  ACCOUNTS(
      "SELECT Id, Name, AccountNumber, Phone, BillingAddress, SystemModstamp{fields}"
          + " FROM Account"
          + " WHERE SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC, Id ASC"),
  /** Contacts changed since a time. */
  CONTACTS(
      "SELECT Id, AccountId, FirstName, LastName, Email, SystemModstamp"
          + " FROM Contact"
          + " WHERE SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC, Id ASC"),
  /** Activated orders changed since a time, each with its lines. */
  ORDERS(
      "SELECT Id, AccountId, EffectiveDate, EndDate, SystemModstamp,"
          + " (SELECT Id, Quantity, ServiceDate, EndDate, {sku} FROM OrderItems ORDER BY Id ASC)"
          + " FROM Order"
          + " WHERE StatusCode = 'Activated' AND SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC, Id ASC"),
  /** Won opportunities changed since a time, each with its lines. */
  OPPORTUNITIES(
      "SELECT Id, AccountId, CloseDate, SystemModstamp,"
          + " (SELECT Id, Quantity, ServiceDate, {sku} FROM OpportunityLineItems ORDER BY Id ASC)"
          + " FROM Opportunity"
          + " WHERE IsWon = true AND SystemModstamp >= {since}"
          + " ORDER BY SystemModstamp ASC, Id ASC");

  static final String SINCE = "{since}";
  static final String FIELDS = "{fields}";
  static final String SKU = "{sku}";

  /** The fields of an account read by id; the same as {@link #ACCOUNTS} selects. */
  static final String ACCOUNT_FIELDS = "Id,Name,AccountNumber,Phone,BillingAddress,SystemModstamp";

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
   *     inclusive bound that is never later than the cursor)
   * @param values the other placeholders ({@value #FIELDS}, {@value #SKU})
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
}
