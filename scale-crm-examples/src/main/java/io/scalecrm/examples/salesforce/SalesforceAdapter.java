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
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.crm.spi.ScaleLink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CrmAdapter} for Salesforce over the REST API: accounts from {@code Account}, contacts
 * from {@code Contact}, orders from activated {@code Order}s with their {@code OrderItem}s or won
 * {@code Opportunity}s with their {@code OpportunityLineItem}s (see {@link
 * SalesforceConfig.ObjectPair}), and removals of each from Salesforce's own signals.
 *
 * <h2>Change order and paging</h2>
 *
 * Each read is one SOQL query through {@code queryAll}, {@code WHERE SystemModstamp >= since ORDER
 * BY SystemModstamp ASC}, with {@code since} truncated to whole seconds. The adapter does not
 * depend on how Salesforce orders {@code Id}s (nothing documents that {@code ORDER BY Id} matches
 * Java's string order, and many records share one {@code SystemModstamp} second): it collects all
 * rows of one second (a group is complete when a later second or the end of the results shows up),
 * sorts them by (modification time, id) itself, and hands out those after the read's cursor. So
 * resuming from a cursor, or from a cursor with an empty id ({@link ChangeCursor#justBefore()}),
 * returns exactly the records after it. It only relies on Salesforce sorting by {@code
 * SystemModstamp}, and fails the read (not retryable) if a row comes out of that order.
 *
 * <p>Pages follow Salesforce's {@code nextRecordsUrl} query locators, so one read sees one
 * consistent result set. A page holds at most {@link CrmQuery#pageSize()} rows (records, rejected
 * records and tombstones together), and the adapter asks Salesforce for batches of that size (200
 * at least, {@link SalesforceConfig#batchSize()} at most). When a page ends, the page token keeps
 * the last cursor handed out and the locator of the batch where the open second began (none when
 * that is the first batch of a query: then the next page queries again from the cursor's second).
 * The next page reads from there, collects that second again, and skips what was handed out; the
 * adapter keeps the last two batches it read by locator, so a page that starts in the batch where
 * the previous one ended costs no extra call. A second with more rows than a batch is read again
 * for each page that ends inside it. If a locator has expired ({@code INVALID_QUERY_LOCATOR},
 * typically after 15 idle minutes), the adapter queries again from the last cursor.
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
 * <h2>Removals</h2>
 *
 * Reading through {@code queryAll} returns deleted rows ({@code IsDeleted = true}, for as long as
 * they are in the recycle bin, about 15 days) in the same change order as live rows; they become
 * {@link CrmTombstone}s on the same cursor ({@code SystemModstamp}):
 *
 * <ul>
 *   <li>a deleted account: an account tombstone;
 *   <li>a deleted contact, or one marked inactive by {@link
 *       SalesforceConfig.Builder#inactiveContactWhen}: a contact tombstone for its {@code
 *       AccountId};
 *   <li>a deleted order (opportunity): an order tombstone ({@code DELETED});
 *   <li>an order whose {@code Status} (an opportunity whose {@code StageName}) is one of {@link
 *       SalesforceConfig#cancelledStatuses()} ({@code Cancelled} by default for orders): the order
 *       with every line cancelled, or, when it has no line or a line cannot be read, an order
 *       tombstone ({@code CANCELLED}) for the whole order;
 *   <li>a deleted line of a live order, or one marked by {@link
 *       SalesforceConfig.Builder#cancelledLineWhen}: a cancelled line.
 * </ul>
 *
 * A removal whose account Salesforce does not give (a contact or order without {@code AccountId})
 * is never invented: it is skipped with a WARN log and counted in {@link #skippedRemovals()}. A
 * record merely missing from a read is never a removal.
 *
 * <h2>Orders</h2>
 *
 * An order's lines come from a relationship subquery in the same query (following the child batch's
 * {@code nextRecordsUrl} when Salesforce splits it; when that locator has expired, the order's
 * lines are read again with a query of their own). The cursor and {@code modifiedAt} are the
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

  /** How often one read queries again after expired locators before it gives up (retryable). */
  static final int MAX_LOCATOR_RECOVERIES = 3;

  private static final Set<String> BASE_ACCOUNT_FIELDS = Set.of(Soql.ACCOUNT_FIELDS.split(","));
  private static final Set<String> BASE_CONTACT_FIELDS =
      Set.of("Id", "AccountId", "FirstName", "LastName", "Email", "SystemModstamp", "IsDeleted");
  private static final Set<String> BASE_LINE_FIELDS =
      Set.of("Id", "Quantity", "ServiceDate", "EndDate", "IsDeleted");

  /** The three reads, each with its token tag. */
  private enum Feed {
    ACCOUNTS("accounts"),
    CONTACTS("contacts"),
    ORDERS("orders");

    private final String key;

    Feed(String key) {
      this.key = key;
    }
  }

  /** One row of a query with its change cursor. */
  private record Row(JsonNode json, ChangeCursor cursor) {}

  /** Turns one row into a record, a rejection, a tombstone or nothing, on the page being built. */
  @FunctionalInterface
  private interface RowHandler<T extends CrmRecord> {
    void handle(Row row, PageBuilder<T> page);
  }

  /** The page being built and the cursor of the last row handed out. */
  private static final class PageBuilder<T extends CrmRecord> {
    final List<T> records = new ArrayList<>();
    final List<InvalidCrmRecordException> rejected = new ArrayList<>();
    final List<CrmTombstone> tombstones = new ArrayList<>();
    final int size;
    int taken;
    @Nullable ChangeCursor last;

    PageBuilder(int size, @Nullable ChangeCursor last) {
      this.size = size;
      this.last = last;
    }

    boolean full() {
      return taken >= size;
    }

    CrmPage<T> build(@Nullable String nextPageToken) {
      return new CrmPage<>(records, rejected, tombstones, nextPageToken);
    }
  }

  private final SalesforceConfig config;
  private final SalesforceClient client;
  private final SalesforceRecords records;
  private final ObjectMapper json;
  private final String extraAccountFields;
  private final String extraContactFields;
  private final String extraLineFields;
  private final AtomicLong skippedRemovals = new AtomicLong();

  /**
   * The last query batches read by locator. A page usually ends by looking at the first row of the
   * next batch (to see that a second is complete), and the next page starts in that batch: keeping
   * it saves reading it twice. A locator's batches are a snapshot, so a kept batch is what reading
   * it again would return.
   */
  private final Map<String, JsonNode> recentBatches =
      new LinkedHashMap<>(4, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
          return size() > 2;
        }
      };

  private SalesforceAdapter(SalesforceConfig config) {
    this.config = config;
    this.json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.client = new SalesforceClient(config, json);
    this.records = new SalesforceRecords(config);
    this.extraAccountFields =
        extraFields(BASE_ACCOUNT_FIELDS, config.accountEmailField(), config.b2cField());
    this.extraContactFields = extraFields(BASE_CONTACT_FIELDS, config.contactInactiveField());
    Set<String> baseLine = new LinkedHashSet<>(BASE_LINE_FIELDS);
    baseLine.add(config.skuField());
    this.extraLineFields =
        extraFields(baseLine, config.lineCancelledField(), config.lineCancelledAtField());
  }

  /** {@code ", A, B"} for the configured fields that the query does not select already. */
  @SafeVarargs
  private static String extraFields(Set<String> base, Optional<String>... fields) {
    Set<String> extra = new LinkedHashSet<>();
    for (Optional<String> f : fields) {
      f.ifPresent(extra::add);
    }
    extra.removeAll(base);
    StringBuilder out = new StringBuilder();
    extra.forEach(f -> out.append(", ").append(f));
    return out.toString();
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

  /**
   * How many removals this adapter skipped because Salesforce did not say which account the removed
   * contact or order belonged to (each is also logged at WARN). Such a removal is never guessed.
   *
   * @return the number of skipped removals since the adapter was created
   */
  public long skippedRemovals() {
    return skippedRemovals.get();
  }

  @Override
  public String system() {
    return "salesforce";
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    return read(Feed.ACCOUNTS, query, this::account);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return read(Feed.CONTACTS, query, this::contact);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return read(Feed.ORDERS, query, this::order);
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
            Set.of("NOT_FOUND", "MALFORMED_ID", "INVALID_ID_FIELD", "ENTITY_IS_DELETED"));
    if (!reply.ok() || reply.body() == null || SalesforceRecords.isDeleted(reply.body())) {
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

  // ---------------------------------------------------------------- rows to records

  private void account(Row row, PageBuilder<CrmAccount> page) {
    try {
      if (SalesforceRecords.isDeleted(row.json())) {
        page.tombstones.add(
            CrmTombstone.accountDeleted(row.cursor().recordId(), row.cursor().modifiedAt()));
      } else {
        page.records.add(records.account(row.json()));
      }
    } catch (InvalidCrmRecordException e) {
      page.rejected.add(e);
    }
  }

  private void contact(Row row, PageBuilder<CrmContact> page) {
    try {
      boolean deleted = SalesforceRecords.isDeleted(row.json());
      if (!deleted && !records.contactInactive(row.json())) {
        page.records.add(records.contact(row.json()));
        return;
      }
      RemovalKind kind = deleted ? RemovalKind.DELETED : RemovalKind.INACTIVE;
      String account = SalesforceRecords.accountId(row.json());
      if (account == null) {
        skip("Contact", row, deleted ? "deleted" : "inactive");
        return;
      }
      page.tombstones.add(
          CrmTombstone.contactRemoved(
              row.cursor().recordId(), account, kind, row.cursor().modifiedAt()));
    } catch (InvalidCrmRecordException e) {
      page.rejected.add(e);
    }
  }

  private void order(Row row, PageBuilder<CrmOrder> page) {
    String parent = config.objectPair().parentObject();
    try {
      boolean deleted = SalesforceRecords.isDeleted(row.json());
      boolean cancelled = !deleted && records.cancelled(row.json());
      if (!deleted && !cancelled) {
        page.records.add(records.order(row.json(), lines(row)));
        return;
      }
      String account = SalesforceRecords.accountId(row.json());
      if (account == null) {
        skip(parent, row, deleted ? "deleted" : "cancelled");
        return;
      }
      String id = row.cursor().recordId();
      Instant at = row.cursor().modifiedAt();
      if (deleted) {
        page.tombstones.add(
            new CrmTombstone(
                CrmRecordType.ORDER, id, account, RemovalKind.DELETED, at, null, List.of()));
        return;
      }
      CrmOrder order = records.order(row.json(), lines(row));
      if (order.lines().isEmpty() || !order.invalidLines().isEmpty()) {
        // lines that cannot be read: cancel the whole order instead
        page.tombstones.add(CrmTombstone.orderCancelled(id, account, at, null));
        return;
      }
      List<CrmOrderLine> cancelledLines = new ArrayList<>();
      for (CrmOrderLine line : order.lines()) {
        cancelledLines.add(line.cancelled() ? line : line.cancel(null));
      }
      page.records.add(order.withLines(cancelledLines));
    } catch (InvalidCrmRecordException e) {
      page.rejected.add(e);
    }
  }

  private void skip(String object, Row row, String what) {
    skippedRemovals.incrementAndGet();
    LOG.warn(
        "Salesforce {} {} is {} but has no AccountId: not reported as a removal, because its"
            + " account is unknown",
        object,
        row.cursor().recordId(),
        what);
  }

  // ---------------------------------------------------------------- paging

  private <T extends CrmRecord> CrmPage<T> read(Feed feed, CrmQuery query, RowHandler<T> handler) {
    String object = objectOf(feed);
    String operation = "query " + object;
    String pageToken = query.pageToken();
    PageToken token =
        pageToken == null
            ? new PageToken(feed.key, query.since(), null)
            : PageToken.decode(pageToken, feed.key);
    PageBuilder<T> page = new PageBuilder<>(query.pageSize(), latest(token.after(), query.since()));
    String batchUrl = token.locator(); // null: the first batch of a query sent by this call
    String url = batchUrl != null ? batchUrl : queryPath(feed, page.last);
    List<Row> group = new ArrayList<>();
    long groupSecond = Long.MIN_VALUE;
    String groupStart = null;
    long previousSecond = Long.MIN_VALUE;
    int recoveries = 0;
    while (true) {
      JsonNode cached = batchUrl == null ? null : recentBatches.get(batchUrl);
      SalesforceClient.Reply reply =
          cached != null
              ? new SalesforceClient.Reply(200, cached, "")
              : client.query(
                  url,
                  Math.min(config.batchSize(), query.pageSize()),
                  operation,
                  batchUrl != null ? Set.of(INVALID_QUERY_LOCATOR) : Set.of());
      if (!reply.ok()) {
        if (++recoveries > MAX_LOCATOR_RECOVERIES) {
          throw new CrmAdapterException(
              "Salesforce " + operation + ": query locators kept expiring; try again later",
              null,
              true);
        }
        LOG.info(
            "Salesforce {}: query locator expired; querying again from the last cursor", operation);
        batchUrl = null;
        url = queryPath(feed, page.last);
        group.clear();
        groupSecond = Long.MIN_VALUE;
        groupStart = null;
        previousSecond = Long.MIN_VALUE;
        continue;
      }
      JsonNode batch = reply.body();
      JsonNode rows = batch == null ? null : batch.get("records");
      if (rows == null || !rows.isArray()) {
        throw new CrmAdapterException(
            "Salesforce " + operation + ": the reply has no records array", null, false);
      }
      if (batchUrl != null) {
        recentBatches.put(batchUrl, batch);
      }
      for (JsonNode json : rows) {
        ChangeCursor cursor = SalesforceRecords.cursorOf(json, object);
        long second = cursor.modifiedAt().getEpochSecond();
        if (second < previousSecond) {
          throw new CrmAdapterException(
              "Salesforce "
                  + operation
                  + ": rows are not in SystemModstamp order at "
                  + cursor.recordId(),
              null,
              false);
        }
        previousSecond = second;
        if (page.last != null && !page.last.isBefore(cursor)) {
          continue; // handed out before, or at or before the read's cursor
        }
        if (second != groupSecond) {
          if (!flush(group, page, handler)) {
            return page.build(new PageToken(feed.key, page.last, groupStart).encode());
          }
          group.clear();
          groupSecond = second;
          groupStart = batchUrl;
          if (page.full()) {
            return page.build(new PageToken(feed.key, page.last, batchUrl).encode());
          }
        }
        group.add(new Row(json, cursor));
      }
      String next = text(batch, "nextRecordsUrl");
      if (batch.path("done").asBoolean(true) || next == null) {
        return flush(group, page, handler)
            ? page.build(null)
            : page.build(new PageToken(feed.key, page.last, groupStart).encode());
      }
      if (!PageToken.isSafePath(next)) {
        throw new CrmAdapterException(
            "Salesforce " + operation + ": unexpected nextRecordsUrl form", null, false);
      }
      url = next;
      batchUrl = next;
    }
  }

  /**
   * Hands out one complete second of rows in (modification time, id) order.
   *
   * @return {@code false} when the page filled up before the group was all handed out
   */
  private static <T extends CrmRecord> boolean flush(
      List<Row> group, PageBuilder<T> page, RowHandler<T> handler) {
    List<Row> sorted = new ArrayList<>(group);
    sorted.sort(Comparator.comparing(Row::cursor));
    for (Row row : sorted) {
      if (page.last != null && !page.last.isBefore(row.cursor())) {
        continue; // a duplicate row
      }
      if (page.full()) {
        return false;
      }
      handler.handle(row, page);
      page.last = row.cursor();
      page.taken++;
    }
    return true;
  }

  /**
   * All line rows of an order row, following the child relationship's own batches; when such a
   * batch's locator has expired, the order's lines are read again with a query of their own.
   */
  private List<JsonNode> lines(Row row) {
    String relationship = config.objectPair().lineObject() + "s";
    String operation = "query " + relationship;
    JsonNode children = row.json().get(relationship);
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
            "Salesforce " + operation + ": unexpected nextRecordsUrl form", null, false);
      }
      SalesforceClient.Reply reply =
          client.query(next, config.batchSize(), operation, Set.of(INVALID_QUERY_LOCATOR));
      if (!reply.ok()) {
        LOG.info(
            "Salesforce {}: the query locator of {} {}'s lines expired; reading them again",
            operation,
            config.objectPair().parentObject(),
            row.cursor().recordId());
        return linesAgain(row.cursor().recordId());
      }
      children = reply.body();
    }
    return byId(out);
  }

  /** Every line of one order, read with a query of its own (deleted lines included). */
  private List<JsonNode> linesAgain(String parentId) {
    String lineObject = config.objectPair().lineObject();
    String operation = "query " + lineObject;
    String parent;
    try {
      parent = Soql.recordId(parentId);
    } catch (IllegalArgumentException e) {
      throw new CrmAdapterException(
          "Salesforce returned " + config.objectPair().parentObject() + " id that is not an id",
          null,
          false);
    }
    Soql template =
        config.objectPair() == SalesforceConfig.ObjectPair.ORDER
            ? Soql.ORDER_LINES
            : Soql.OPPORTUNITY_LINES;
    String soql =
        template.render(
            null,
            Map.of(
                Soql.SKU,
                config.skuField(),
                Soql.LINE_FIELDS,
                extraLineFields,
                Soql.PARENT,
                parent));
    String first =
        client.dataPath() + "/queryAll?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      List<JsonNode> out = new ArrayList<>();
      String url = first;
      boolean atLocator = false;
      while (true) {
        SalesforceClient.Reply reply =
            client.query(
                url,
                config.batchSize(),
                operation,
                atLocator ? Set.of(INVALID_QUERY_LOCATOR) : Set.of());
        if (!reply.ok()) {
          break;
        }
        JsonNode batch = reply.body();
        JsonNode rows = batch == null ? null : batch.get("records");
        if (rows == null || !rows.isArray()) {
          throw new CrmAdapterException(
              "Salesforce " + operation + ": the reply has no records array", null, false);
        }
        rows.forEach(out::add);
        String next = text(batch, "nextRecordsUrl");
        if (batch.path("done").asBoolean(true) || next == null) {
          return byId(out);
        }
        if (!PageToken.isSafePath(next)) {
          throw new CrmAdapterException(
              "Salesforce " + operation + ": unexpected nextRecordsUrl form", null, false);
        }
        url = next;
        atLocator = true;
      }
      if (attempt >= MAX_LOCATOR_RECOVERIES) {
        throw new CrmAdapterException(
            "Salesforce " + operation + ": query locators kept expiring; try again later",
            null,
            true);
      }
    }
  }

  /** Line rows in id order (Java's), whatever order Salesforce sent them in. */
  private static List<JsonNode> byId(List<JsonNode> rows) {
    List<JsonNode> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> r.path("Id").asText("")));
    return sorted;
  }

  private String queryPath(Feed feed, @Nullable ChangeCursor since) {
    Instant sinceTime = since == null ? null : since.modifiedAt();
    String soql;
    switch (feed) {
      case ACCOUNTS:
        soql = Soql.ACCOUNTS.render(sinceTime, Map.of(Soql.FIELDS, extraAccountFields));
        break;
      case CONTACTS:
        soql = Soql.CONTACTS.render(sinceTime, Map.of(Soql.FIELDS, extraContactFields));
        break;
      default:
        boolean orders = config.objectPair() == SalesforceConfig.ObjectPair.ORDER;
        soql =
            (orders ? Soql.ORDERS : Soql.OPPORTUNITIES)
                .render(
                    sinceTime,
                    Map.of(
                        Soql.SKU,
                        config.skuField(),
                        Soql.LINE_FIELDS,
                        extraLineFields,
                        Soql.CANCELLED,
                        Soql.cancelledClause(
                            orders ? "Status" : "StageName", config.cancelledStatuses())));
        break;
    }
    // queryAll: deleted rows too, which become tombstones
    return client.dataPath() + "/queryAll?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
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
