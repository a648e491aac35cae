package io.scalecrm.examples.salesforce;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CrmAdapter} for Salesforce over the REST API: accounts from {@code Account}, contacts
 * from {@code Contact}, orders from activated {@code Order}s with their {@code OrderItem}s or won
 * {@code Opportunity}s with their {@code OpportunityLineItem}s (see {@link
 * SalesforceConfig.ObjectPair}).
 *
 * <h2>Change order and paging</h2>
 *
 * Each read is one SOQL query {@code WHERE SystemModstamp >= since ORDER BY SystemModstamp ASC, Id
 * ASC}, with {@code since} truncated to whole seconds; the adapter drops the rows at or before the
 * exact cursor, so resuming from a cursor returns exactly the records after it. Pages follow
 * Salesforce's {@code nextRecordsUrl} query locators, so one read sees one consistent result set. A
 * page holds at most {@link CrmQuery#pageSize()} rows, and the adapter asks Salesforce for batches
 * of that size (200 at least, {@link SalesforceConfig#batchSize()} at most) so that pages and
 * batches line up. When a page ends inside a batch, the page token remembers the batch's locator
 * (or, for the first batch, which has none, just the cursor) and the last cursor; the next call
 * reads that batch again (or queries again from the cursor) and skips what was delivered. If the
 * locator has expired ({@code INVALID_QUERY_LOCATOR}, typically after 15 idle minutes) the adapter
 * queries again from the last cursor. Id order assumes 18-character ids, whose base-62 order
 * matches Java's string order.
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>Account: {@code Id}, {@code Name}; the email from {@link
 *       SalesforceConfig.Builder#accountEmailField} (none by default); {@code Phone} and {@code
 *       BillingAddress} as multi-line contact information; {@code AccountNumber} as the other id
 *       {@code accountNumber}. B2C when the checkbox named by {@link
 *       SalesforceConfig.Builder#b2cField} is true ({@code IsPersonAccount} for person accounts, or
 *       a custom field), otherwise B2B.
 *   <li>Contact: {@code FirstName} and {@code LastName} joined; {@code Email}; a contact without
 *       {@code AccountId} is rejected, naming {@code accountCrmId}.
 *   <li>Order line: {@code Id}; the SKU from {@link SalesforceConfig.Builder#skuField} ({@code
 *       Product2.ProductCode} by default); {@code Quantity}, which Salesforce sends as a decimal
 *       ({@code 5.0}): whole numbers are accepted, fractional ones make the line invalid, naming
 *       {@code quantity}. Valid from {@code ServiceDate} (else the order's {@code EffectiveDate})
 *       at 00:00 UTC; valid until the end of {@code EndDate} (else the order's {@code EndDate}) in
 *       UTC, that is 00:00 UTC of the next day. Opportunity lines have neither an end date nor a
 *       fallback start. Salesforce dates carry no time zone; UTC is the adapter's choice.
 * </ul>
 *
 * <h2>Orders</h2>
 *
 * An order's lines come from a relationship subquery in the same query (following the child batch's
 * {@code nextRecordsUrl} when Salesforce splits it). The cursor and {@code modifiedAt} are the
 * parent's {@code SystemModstamp}. Salesforce bumps it when line changes recompute the parent's
 * roll-up totals, and activated orders do not allow adding or removing products; a line edit that
 * leaves the parent untouched (such as a new {@code ServiceDate} on an opportunity line) is not
 * seen until the parent changes.
 *
 * <h2>Failures</h2>
 *
 * 429, 5xx, network faults and the concurrent-request kind of {@code REQUEST_LIMIT_EXCEEDED} (HTTP
 * 403, {@code ConcurrentPerOrgLongTxn Limit exceeded}) are retried with exponential back-off
 * through the configured {@link Sleeper}, then thrown as retryable {@link CrmAdapterException}s.
 * Any other {@code REQUEST_LIMIT_EXCEEDED} means the org's 24-hour API allowance is used up, which
 * does not clear in seconds: it is not retried but fails the read at once, retryable, with a
 * message that says so; the sync keeps its cursor, so what is pending stays pending. A {@code 401}
 * (such as {@code INVALID_SESSION_ID}) renews the session once per call, then fails as not
 * retryable; any other error fails as not retryable with Salesforce's {@code errorCode} in the
 * message. The {@code Sforce-Limit-Info} header is logged at DEBUG.
 *
 * <h2>Write-back</h2>
 *
 * When {@link SalesforceConfig.Builder#writeBackField} names a custom field for a record type,
 * {@link #writeBack} PATCHes the Scale id into it. Note that this bumps the record's {@code
 * SystemModstamp}, so the next incremental read returns it again (the sync sees it unchanged).
 *
 * <p>Not thread-safe, like the {@link CrmAdapter} contract allows.
 */
public final class SalesforceAdapter implements CrmAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(SalesforceAdapter.class);

  /** The error code of an expired query locator. */
  static final String INVALID_QUERY_LOCATOR = "INVALID_QUERY_LOCATOR";

  private static final Set<String> BASE_ACCOUNT_FIELDS = Set.of(Soql.ACCOUNT_FIELDS.split(","));

  /** The three reads, each with its token tag, query and object. */
  private enum Feed {
    ACCOUNTS("accounts"),
    CONTACTS("contacts"),
    ORDERS("orders");

    private final String key;

    Feed(String key) {
      this.key = key;
    }
  }

  private final SalesforceConfig config;
  private final SalesforceClient client;
  private final SalesforceRecords records;
  private final ObjectMapper json;
  private final String extraAccountFields;

  private SalesforceAdapter(SalesforceConfig config) {
    this.config = config;
    this.json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.client = new SalesforceClient(config, json);
    this.records = new SalesforceRecords(config);
    Set<String> extra = new LinkedHashSet<>();
    config.accountEmailField().ifPresent(extra::add);
    config.b2cField().ifPresent(extra::add);
    extra.removeAll(BASE_ACCOUNT_FIELDS);
    StringBuilder fields = new StringBuilder();
    extra.forEach(f -> fields.append(", ").append(f));
    this.extraAccountFields = fields.toString();
  }

  /**
   * Creates an adapter. It connects lazily: the first read obtains the OAuth session.
   *
   * @param config the configuration
   * @return the adapter
   */
  public static SalesforceAdapter create(SalesforceConfig config) {
    return new SalesforceAdapter(Objects.requireNonNull(config, "config"));
  }

  /**
   * The configuration this adapter was created with.
   *
   * @return the configuration
   */
  public SalesforceConfig config() {
    return config;
  }

  @Override
  public String system() {
    return "salesforce";
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    return read(Feed.ACCOUNTS, query, records::account);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return read(Feed.CONTACTS, query, records::contact);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return read(Feed.ORDERS, query, row -> records.order(row, lines(row)));
  }

  @Override
  public Optional<CrmAccount> account(String crmId) {
    if (crmId.isBlank()) {
      return Optional.empty(); // GET …/sobjects/Account/ would describe the object instead
    }
    String fields = Soql.ACCOUNT_FIELDS + extraAccountFields.replace(", ", ",");
    SalesforceClient.Reply reply =
        client.get(
            client.dataPath() + "/sobjects/Account/" + pathSegment(crmId) + "?fields=" + fields,
            "read Account " + crmId,
            Set.of("NOT_FOUND", "MALFORMED_ID", "INVALID_ID_FIELD"));
    if (!reply.ok() || reply.body() == null) {
      return Optional.empty();
    }
    return Optional.of(records.account(reply.body()));
  }

  @Override
  public boolean supportsWriteBack() {
    return !config.writeBackFields().isEmpty();
  }

  @Override
  public void writeBack(ScaleLink link) {
    String field = config.writeBackFields().get(link.recordType());
    if (field == null) {
      return;
    }
    String object;
    switch (link.recordType()) {
      case ACCOUNT:
        object = "Account";
        break;
      case CONTACT:
        object = "Contact";
        break;
      case ORDER:
        object = config.objectPair().parentObject();
        break;
      default:
        object = config.objectPair().lineObject();
        break;
    }
    client.patch(
        client.dataPath() + "/sobjects/" + object + "/" + pathSegment(link.crmId()),
        json.createObjectNode().put(field, link.scaleId()),
        "update " + object + " " + link.crmId());
  }

  @Override
  public String toString() {
    return "SalesforceAdapter[" + config + "]";
  }

  private <T extends CrmRecord> CrmPage<T> read(
      Feed feed, CrmQuery query, Function<JsonNode, T> mapper) {
    String operation = "query " + objectOf(feed);
    String pageToken = query.pageToken();
    PageToken token =
        pageToken == null
            ? new PageToken(feed.key, query.since(), null)
            : PageToken.decode(pageToken, feed.key);
    ChangeCursor last = latest(token.after(), query.since());
    String url = token.locator() != null ? token.locator() : queryPath(feed, last);
    boolean atLocator = token.locator() != null;
    List<T> page = new ArrayList<>();
    List<InvalidCrmRecordException> rejected = new ArrayList<>();
    int taken = 0;
    ChangeCursor previous = null;
    while (true) {
      SalesforceClient.Reply reply =
          client.query(
              url,
              Math.min(config.batchSize(), query.pageSize()),
              operation,
              atLocator ? Set.of(INVALID_QUERY_LOCATOR) : Set.of());
      if (!reply.ok()) {
        LOG.info(
            "Salesforce {}: query locator expired; querying again from the last cursor", operation);
        url = queryPath(feed, last);
        atLocator = false;
        previous = null;
        continue;
      }
      JsonNode batch = reply.body();
      JsonNode rows = batch == null ? null : batch.get("records");
      if (rows == null || !rows.isArray()) {
        throw new CrmAdapterException(
            "Salesforce " + operation + ": the reply has no records array", null, false);
      }
      for (JsonNode row : rows) {
        ChangeCursor cursor = SalesforceRecords.cursorOf(row, objectOf(feed));
        if (previous != null && cursor.compareTo(previous) < 0) {
          throw new CrmAdapterException(
              "Salesforce "
                  + operation
                  + ": rows are not in (SystemModstamp, Id) order at "
                  + cursor.recordId(),
              null,
              false);
        }
        previous = cursor;
        if (last != null && !last.isBefore(cursor)) {
          continue; // delivered before, or at/before the read's cursor
        }
        if (taken == query.pageSize()) {
          return new CrmPage<>(
              page, rejected, new PageToken(feed.key, last, atLocator ? url : null).encode());
        }
        try {
          page.add(mapper.apply(row));
        } catch (InvalidCrmRecordException e) {
          rejected.add(e);
        }
        last = cursor;
        taken++;
      }
      String next = text(batch, "nextRecordsUrl");
      if (batch.path("done").asBoolean(true) || next == null) {
        return new CrmPage<>(page, rejected, null);
      }
      if (!PageToken.isSafePath(next)) {
        throw new CrmAdapterException(
            "Salesforce " + operation + ": unexpected nextRecordsUrl form", null, false);
      }
      if (taken == query.pageSize()) {
        return new CrmPage<>(page, rejected, new PageToken(feed.key, last, next).encode());
      }
      url = next;
      atLocator = true;
    }
  }

  /** All line rows of an order row, following the child relationship's own batches. */
  private List<JsonNode> lines(JsonNode row) {
    String relationship = config.objectPair().lineObject() + "s";
    JsonNode children = row.get(relationship);
    List<JsonNode> out = new ArrayList<>();
    while (children != null && !children.isNull()) {
      JsonNode rows = children.get("records");
      if (rows != null && rows.isArray()) {
        rows.forEach(out::add);
      }
      String next = text(children, "nextRecordsUrl");
      if (children.path("done").asBoolean(true) || next == null) {
        break;
      }
      if (!PageToken.isSafePath(next)) {
        throw new CrmAdapterException(
            "Salesforce query " + relationship + ": unexpected nextRecordsUrl form", null, false);
      }
      children = client.query(next, config.batchSize(), "query " + relationship, Set.of()).body();
    }
    return out;
  }

  private String queryPath(Feed feed, @Nullable ChangeCursor since) {
    Instant sinceTime = since == null ? null : since.modifiedAt();
    String soql;
    switch (feed) {
      case ACCOUNTS:
        soql = Soql.ACCOUNTS.render(sinceTime, Map.of(Soql.FIELDS, extraAccountFields));
        break;
      case CONTACTS:
        soql = Soql.CONTACTS.render(sinceTime, Map.of());
        break;
      default:
        Soql template =
            config.objectPair() == SalesforceConfig.ObjectPair.ORDER
                ? Soql.ORDERS
                : Soql.OPPORTUNITIES;
        soql = template.render(sinceTime, Map.of(Soql.SKU, config.skuField()));
        break;
    }
    return client.dataPath() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
  }

  private String objectOf(Feed feed) {
    switch (feed) {
      case ACCOUNTS:
        return "Account";
      case CONTACTS:
        return "Contact";
      default:
        return config.objectPair().parentObject();
    }
  }

  private static @Nullable ChangeCursor latest(@Nullable ChangeCursor a, @Nullable ChangeCursor b) {
    if (a == null) {
      return b;
    }
    return b == null || b.isBefore(a) ? a : b;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  /** Percent-encodes everything but letters, digits, {@code -}, {@code _} and {@code ~}. */
  static String pathSegment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
