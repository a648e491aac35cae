package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.ConsumerKind;
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
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.LineStatus;
import io.scalecrm.crm.spi.RemovalKind;
import io.scalecrm.examples.file.CsvSorter.CsvIterator;
import io.scalecrm.examples.file.CsvTable.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CrmAdapter} over a CRM export in CSV files: {@code accounts.csv}, {@code contacts.csv}
 * and {@code orders.csv} (one row per order line), as described in the README's "File-based sync
 * CLI" section.
 *
 * <p>The files are read once, when the adapter is built; build a new adapter to see changed files.
 * Each row's optional {@code modified} column (ISO-8601) is the record's change time; records are
 * returned in ascending (change time, id) order, so a sync can resume after a checkpoint.
 *
 * <p>An optional {@code status} column marks removals: a {@code deleted} account, an {@code
 * inactive} or {@code deleted} contact becomes a {@link CrmTombstone} in {@link
 * CrmPage#tombstones()}; a {@code cancelled} order line becomes a line with {@link
 * LineStatus#CANCELLED}, ending at its optional {@code cancelled_at}. Blank means {@code active}.
 *
 * <p>A row that cannot become a valid record never fails the read: it is returned in {@link
 * CrmPage#rejected()} (a bad order line in {@link CrmOrder#invalidLines()}, while the good lines of
 * the same order still sync), with a CRM id that names the file and row, for example {@code "A-17
 * (accounts.csv row 17)"}, and with the offending column as the field. Row numbers count the header
 * as row 1, as spreadsheets do.
 *
 * <p>Memory stays bounded whatever the size of the files: rows are streamed, and an export too
 * large to sort in memory is sorted in temporary files (in the system's temporary directory, or
 * {@link Builder#tempDirectory}) that {@link #close()} deletes. Close the adapter when done.
 *
 * <pre>{@code
 * try (CsvExportAdapter adapter = CsvExportAdapter.builder().directory(Path.of("export")).build()) {
 *   SyncReport report = sync.sync(adapter, SyncOptions.builder().build());
 * }
 * }</pre>
 */
public final class CsvExportAdapter implements CrmAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(CsvExportAdapter.class);

  /** The accounts file name looked for in an export directory. */
  public static final String ACCOUNTS_FILE = "accounts.csv";

  /** The contacts file name looked for in an export directory. */
  public static final String CONTACTS_FILE = "contacts.csv";

  /** The order lines file name looked for in an export directory. */
  public static final String ORDERS_FILE = "orders.csv";

  /** The default {@link #system()} name, the prefix of the Scale keys. */
  public static final String DEFAULT_SYSTEM = "file";

  private static final Pattern SYSTEM = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** The prefix of account columns that become {@link CrmAccount#otherIds()} entries. */
  static final String OTHER_ID_PREFIX = "other_id.";

  static final List<String> ACCOUNT_REQUIRED = List.of("account_id", "name");
  static final Set<String> ACCOUNT_OPTIONAL =
      Set.of("display_name", "email", "type", "contact_info", "modified", "status");
  static final List<String> CONTACT_REQUIRED = List.of("contact_id", "account_id", "name");
  static final Set<String> CONTACT_OPTIONAL =
      Set.of("email", "kind", "connected_identity_id", "modified", "status");
  static final List<String> ORDER_REQUIRED =
      List.of("order_id", "account_id", "line_id", "sku", "quantity");
  static final Set<String> ORDER_OPTIONAL =
      Set.of(
          "valid_from",
          "valid_until",
          "subscription_ref",
          "contract_ref",
          "modified",
          "status",
          "cancelled_at");

  /** How many bytes of rows are sorted in memory before a run goes to a temporary file. */
  static final long DEFAULT_MEMORY_BUDGET = 8L << 20;

  /** Marks an order line that cannot claim its id (it is invalid before its id counts). */
  private static final long NO_CLAIM = -1;

  private final String system;
  private final CsvTempFiles temp;
  private final Entries accounts;
  private final Entries contacts;
  private final Entries orders;
  private final CsvSpool<Row, String> accountIndex;
  private final CsvSpool<CsvLocation, String> contactIndex;
  private final CsvSpool<CsvLocation, String> orderIndex;
  private final CsvSpool<CsvLocation, String> lineIndex;
  private final Tally tally;
  private volatile boolean closed;

  private CsvExportAdapter(
      String system,
      CsvTempFiles temp,
      Entries accounts,
      Entries contacts,
      Entries orders,
      CsvSpool<Row, String> accountIndex,
      CsvSpool<CsvLocation, String> contactIndex,
      CsvSpool<CsvLocation, String> orderIndex,
      CsvSpool<CsvLocation, String> lineIndex,
      Tally tally) {
    this.system = system;
    this.temp = temp;
    this.accounts = accounts;
    this.contacts = contacts;
    this.orders = orders;
    this.accountIndex = accountIndex;
    this.contactIndex = contactIndex;
    this.orderIndex = orderIndex;
    this.lineIndex = lineIndex;
    this.tally = tally;
    temp.deleteWhenUnreachable(this);
  }

  /**
   * Starts building an adapter.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An adapter over the export files in a directory, with the default system name.
   *
   * @param directory the directory holding some of {@code accounts.csv}, {@code contacts.csv} and
   *     {@code orders.csv}
   * @return the adapter
   * @throws CrmAdapterException (not retryable) when the directory or a file cannot be read
   */
  public static CsvExportAdapter of(Path directory) {
    return builder().directory(directory).build();
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public CrmPage<CrmAccount> accounts(CrmQuery query) {
    return page(accounts, query, CrmAccount.class);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return page(contacts, query, CrmContact.class);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return page(orders, query, CrmOrder.class);
  }

  @Override
  public Optional<CrmAccount> account(String crmId) {
    checkOpen();
    Row row = accountIndex.find(crmId);
    if (row == null) {
      return Optional.empty();
    }
    CrmRecord record = parseAccount(row).record();
    return record instanceof CrmAccount ? Optional.of((CrmAccount) record) : Optional.empty();
  }

  /**
   * Where a record is in the export, so that failures the sync finds later (an unknown SKU, an
   * email that Scale refuses, a removal that could not be applied) can name the row too.
   *
   * @param type the record type; for {@link CrmRecordType#ORDER_LINE} the id is the line id
   * @param crmId the record's CRM id
   * @return for example {@code "orders.csv row 12"}, or empty when no valid row has that id
   */
  public Optional<String> location(CrmRecordType type, String crmId) {
    checkOpen();
    switch (type) {
      case ACCOUNT:
        return Optional.ofNullable(accountIndex.find(crmId)).map(Row::where);
      case CONTACT:
        return Optional.ofNullable(contactIndex.find(crmId)).map(CsvLocation::where);
      case ORDER:
        return Optional.ofNullable(orderIndex.find(crmId)).map(CsvLocation::where);
      default:
        return Optional.ofNullable(lineIndex.find(crmId)).map(CsvLocation::where);
    }
  }

  /**
   * How many rows of each kind the export holds, valid or not, for a one-line overview.
   *
   * @return for example {@code "80 accounts, 200 contacts, 90 orders with 150 lines"}, with the
   *     rows marked removed in parentheses, such as {@code "80 accounts (1 deleted)"}
   */
  public String overview() {
    Tally t = tally;
    return t.accounts
        + " accounts"
        + removed(t.accountsDeleted, "deleted", 0, "")
        + ", "
        + t.contacts
        + " contacts"
        + removed(t.contactsInactive, "inactive", t.contactsDeleted, "deleted")
        + ", "
        + t.orders
        + " orders with "
        + t.lines
        + " lines"
        + removed(t.linesCancelled, "cancelled", 0, "")
        + (t.rejected == 0
            ? ""
            : " (" + t.rejected + (t.rejected == 1 ? " bad row" : " bad rows") + ", listed below)");
  }

  private static String removed(long first, String firstWord, long second, String secondWord) {
    List<String> parts = new ArrayList<>();
    if (first > 0) {
      parts.add(first + " " + firstWord);
    }
    if (second > 0) {
      parts.add(second + " " + secondWord);
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** Deletes the temporary files, if the export needed any; reads fail afterwards. */
  @Override
  public void close() {
    closed = true;
    for (CsvSpool<?, ?> spool :
        List.of(
            accounts.spool,
            contacts.spool,
            orders.spool,
            accountIndex,
            contactIndex,
            orderIndex,
            lineIndex)) {
      spool.close();
    }
    temp.close();
  }

  /** Whether the export was sorted in temporary files (for tests). */
  boolean sortedOnDisk() {
    return temp.used();
  }

  /**
   * How many rows, locations or index samples the adapter holds in memory (for tests): a structural
   * bound that does not grow with the export once it is sorted on disk.
   */
  long heldInMemory() {
    long n = 0;
    for (CsvSpool<?, ?> spool :
        List.of(
            accounts.spool,
            contacts.spool,
            orders.spool,
            accountIndex,
            contactIndex,
            orderIndex,
            lineIndex)) {
      n += spool.heldInMemory();
    }
    return n;
  }

  private void checkOpen() {
    if (closed) {
      throw new CrmAdapterException(
          "The CSV export adapter is closed", new IllegalStateException("closed"), false);
    }
  }

  // ---------------------------------------------------------------- paging

  /** The rows of one file in change order, as sorted when the adapter was built. */
  private static final class Entries {
    final CsvSpool<Row, ChangeCursor> spool;

    /** Turns a row into its record; null for orders, which are read as groups of rows. */
    final @Nullable Function<Row, Parsed> parse;

    private @Nullable ChangeCursor lastSince;
    private int lastFrom;

    Entries(CsvSpool<Row, ChangeCursor> spool, @Nullable Function<Row, Parsed> parse) {
      this.spool = spool;
      this.parse = parse;
    }

    /** The position of the first row after {@code since}. */
    synchronized int from(@Nullable ChangeCursor since) {
      if (since == null) {
        return 0;
      }
      if (!since.equals(lastSince)) {
        lastFrom = spool.first(since::isBefore);
        lastSince = since;
      }
      return lastFrom;
    }
  }

  private static Function<Row, ChangeCursor> cursorOf(String idColumn) {
    return row -> new ChangeCursor(row.time(), Objects.requireNonNullElse(row.get(idColumn), ""));
  }

  private <T extends CrmRecord> CrmPage<T> page(Entries entries, CrmQuery query, Class<T> type) {
    checkOpen();
    synchronized (entries) {
      int from = entries.from(query.since());
      int start = from;
      String token = query.pageToken();
      if (token != null) {
        try {
          start = Integer.parseInt(token);
        } catch (NumberFormatException e) {
          throw new CrmAdapterException("Not a page token of this adapter", e, false);
        }
        if (start < from || start > entries.spool.size()) {
          throw new CrmAdapterException(
              "Not a page token of this adapter",
              new IllegalArgumentException("page token out of range"),
              false);
        }
      }
      CsvSpool<Row, ChangeCursor>.Reader reader = entries.spool.reader(start);
      List<T> records = new ArrayList<>();
      List<InvalidCrmRecordException> rejected = new ArrayList<>();
      List<CrmTombstone> tombstones = new ArrayList<>();
      for (int n = 0; n < query.pageSize() && reader.hasNext(); n++) {
        Function<Row, Parsed> parse = entries.parse;
        Parsed parsed = parse == null ? nextOrder(reader) : parse.apply(reader.next());
        CrmRecord record = parsed.record();
        if (record == null) {
          rejected.add(Objects.requireNonNull(parsed.rejected()));
        } else if (record instanceof CrmTombstone) {
          tombstones.add((CrmTombstone) record);
        } else {
          records.add(type.cast(record));
        }
      }
      String next = reader.hasNext() ? String.valueOf(reader.position()) : null;
      return new CrmPage<>(records, rejected, tombstones, next);
    }
  }

  /** Reads the next order (all its lines are adjacent) or the next line without an order id. */
  private static Parsed nextOrder(CsvSpool<Row, ChangeCursor>.Reader reader) {
    Row first = reader.next();
    String orderId = first.get("order_id");
    if (orderId == null) {
      return Parsed.rejected(
          new InvalidCrmRecordException(
              CrmRecordType.ORDER_LINE,
              label(first.get("line_id"), first),
              "order_id",
              "is missing"));
    }
    List<Row> group = new ArrayList<>();
    group.add(first);
    while (reader.hasNext() && orderId.equals(reader.peek().get("order_id"))) {
      group.add(reader.next());
    }
    return parseOrder(orderId, group);
  }

  /**
   * A valid record or tombstone, or a rejected row.
   *
   * @param record the record or tombstone, or null when rejected
   * @param rejected why the row was rejected, or null
   */
  private record Parsed(@Nullable CrmRecord record, @Nullable InvalidCrmRecordException rejected) {
    static Parsed ok(CrmRecord record) {
      return new Parsed(record, null);
    }

    static Parsed rejected(InvalidCrmRecordException e) {
      return new Parsed(null, e);
    }
  }

  /** The counts behind {@link #overview()}. */
  private static final class Tally {
    long accounts;
    long accountsDeleted;
    long contacts;
    long contactsInactive;
    long contactsDeleted;
    long orders;
    long lines;
    long linesCancelled;
    long rejected;

    void single(Parsed parsed) {
      CrmRecord record = parsed.record();
      if (record == null) {
        rejected++;
      } else if (record instanceof CrmTombstone) {
        CrmTombstone t = (CrmTombstone) record;
        if (t.recordType() == CrmRecordType.ACCOUNT) {
          accountsDeleted++;
        } else if (t.removal() == RemovalKind.INACTIVE) {
          contactsInactive++;
        } else {
          contactsDeleted++;
        }
      }
    }

    void order(Parsed parsed) {
      orders++;
      CrmRecord record = parsed.record();
      if (record instanceof CrmOrder) {
        CrmOrder order = (CrmOrder) record;
        lines += order.lines().size() + order.invalidLines().size();
        rejected += order.invalidLines().size();
        linesCancelled += order.lines().stream().filter(CrmOrderLine::cancelled).count();
      } else {
        rejected++;
      }
    }
  }

  // ---------------------------------------------------------------- reading and sorting

  /** Sizes the sorting: bytes of rows in memory per sort run, and per spool kept in memory. */
  private record Budget(long sort, long spool) {}

  /**
   * Reads accounts or contacts: sorts the rows by id to find repeated ids, then by change time.
   *
   * @param valid receives each row that becomes a valid record or tombstone, in id order
   */
  private static Entries readRecords(
      CsvTable.Rows rows,
      String idColumn,
      Function<Row, Parsed> parse,
      Consumer<Row> valid,
      Tally tally,
      CsvTempFiles temp,
      Budget budget) {
    CsvTable table = rows.table();
    CsvSorter<Row> byId =
        new CsvSorter<>(table.codec(), table.byColumn(idColumn), temp, budget.sort);
    rows.forEach(byId::add);
    CsvSorter<Row> byCursor =
        new CsvSorter<>(table.codec(), table.byTimeThen(idColumn), temp, budget.sort);
    try (CsvIterator<Row> sorted = byId.sorted()) {
      String claimed = null;
      long claimRow = 0;
      while (sorted.hasNext()) {
        Row row = sorted.next();
        String id = row.get(idColumn);
        if (id != null && claims(row)) {
          if (id.equals(claimed)) {
            row = row.withFirstRow(claimRow);
          } else {
            claimed = id;
            claimRow = row.number();
          }
        }
        row = row.withTime(lenientInstant(row));
        Parsed parsed = parse.apply(row);
        tally.single(parsed);
        if (parsed.record() != null) {
          valid.accept(row);
        }
        byCursor.add(row);
      }
    }
    CsvSpool.Builder<Row, ChangeCursor> spool =
        CsvSpool.builder(table.codec(), cursorOf(idColumn), temp, budget.spool);
    try (CsvIterator<Row> sorted = byCursor.sorted()) {
      sorted.forEachRemaining(spool::add);
    }
    return new Entries(spool.build(), parse);
  }

  /**
   * Reads order lines: sorts them by order id to group each order, by line id to find repeated line
   * ids, then by the order's change time.
   */
  private static Entries readOrders(
      CsvTable.Rows rows,
      CsvSpool.Builder<CsvLocation, String> orderLocations,
      CsvSpool.Builder<CsvLocation, String> lineLocations,
      Tally tally,
      CsvTempFiles temp,
      Budget budget) {
    CsvTable table = rows.table();
    CsvSorter<Row> byOrder =
        new CsvSorter<>(table.codec(), table.byColumn("order_id"), temp, budget.sort);
    CsvSorter<Row> byCursor =
        new CsvSorter<>(table.codec(), table.byTimeThen("order_id"), temp, budget.sort);
    rows.forEach(
        row -> {
          if (row.get("order_id") == null) {
            byCursor.add(row.withTime(lenientInstant(row)));
          } else {
            byOrder.add(row);
          }
        });

    // each order's account and change time, and which of its lines may claim their line id
    CsvSorter<Row> byLine =
        new CsvSorter<>(table.codec(), table.byColumn("line_id"), temp, budget.sort);
    try (CsvIterator<Row> sorted = byOrder.sorted()) {
      List<Row> group = new ArrayList<>();
      while (sorted.hasNext() || !group.isEmpty()) {
        Row row = sorted.hasNext() ? sorted.next() : null;
        if (!group.isEmpty()
            && (row == null
                || !Objects.equals(row.get("order_id"), group.get(0).get("order_id")))) {
          OrderContext order = OrderContext.of(group);
          orderLocations.add(
              new CsvLocation(Objects.requireNonNull(group.get(0).get("order_id")), where(group)));
          for (Row line : group) {
            boolean claims = claims(line) && order.accountFits(line);
            byLine.add(line.withTime(order.modified()).withFirstRow(claims ? 0 : NO_CLAIM));
          }
          group.clear();
        }
        if (row != null) {
          group.add(row);
        }
      }
    }

    // repeated line ids, across the whole file
    try (CsvIterator<Row> sorted = byLine.sorted()) {
      String claimed = null;
      long claimRow = 0;
      while (sorted.hasNext()) {
        Row row = sorted.next();
        String lineId = row.get("line_id");
        boolean claims = row.firstRow() != NO_CLAIM;
        row = row.withFirstRow(0);
        if (claims && lineId != null) {
          if (lineId.equals(claimed)) {
            row = row.withFirstRow(claimRow);
          } else {
            claimed = lineId;
            claimRow = row.number();
            try {
              line(row, label(lineId, row));
              lineLocations.add(new CsvLocation(lineId, row.where()));
            } catch (InvalidCrmRecordException invalid) {
              // reported when the order is read
            }
          }
        }
        byCursor.add(row);
      }
    }

    CsvSpool.Builder<Row, ChangeCursor> spool =
        CsvSpool.builder(table.codec(), cursorOf("order_id"), temp, budget.spool);
    try (CsvIterator<Row> sorted = byCursor.sorted()) {
      List<Row> group = new ArrayList<>();
      while (sorted.hasNext() || !group.isEmpty()) {
        Row row = sorted.hasNext() ? sorted.next() : null;
        if (!group.isEmpty()
            && (row == null
                || group.get(0).get("order_id") == null
                || !group.get(0).get("order_id").equals(row.get("order_id")))) {
          String orderId = group.get(0).get("order_id");
          if (orderId == null) {
            tally.orders++;
            tally.rejected++;
          } else {
            tally.order(parseOrder(orderId, group));
          }
          group.clear();
        }
        if (row != null) {
          group.add(row);
          spool.add(row);
        }
      }
    }
    return new Entries(spool.build(), null);
  }

  /** Whether a row passes the checks made before its id counts (shape, {@code modified}). */
  private static boolean claims(Row row) {
    if (row.tooManyValues()) {
      return false;
    }
    String modified = row.get("modified");
    return modified == null || parseInstant(modified) != null;
  }

  /**
   * What an order's rows share.
   *
   * @param accountId the first account id on its rows, or null
   * @param accountRow the row it comes from (the first row when none has one)
   * @param modified the latest {@code modified} of its rows
   */
  private record OrderContext(@Nullable String accountId, Row accountRow, Instant modified) {
    static OrderContext of(List<Row> rows) {
      String accountId = null;
      Row accountRow = rows.get(0);
      Instant modified = Instant.EPOCH;
      for (Row row : rows) {
        if (accountId == null && row.get("account_id") != null) {
          accountId = row.get("account_id");
          accountRow = row;
        }
        Instant rowModified = lenientInstant(row);
        if (rowModified.isAfter(modified)) {
          modified = rowModified;
        }
      }
      return new OrderContext(accountId, accountRow, modified);
    }

    boolean accountFits(Row row) {
      String lineAccount = row.get("account_id");
      return lineAccount == null || lineAccount.equals(accountId);
    }
  }

  // ---------------------------------------------------------------- accounts

  private static Parsed parseAccount(Row row) {
    CrmRecordType type = CrmRecordType.ACCOUNT;
    String id = row.get("account_id");
    String label = label(id, row);
    try {
      checkShape(type, label, row);
      Instant modified = instant(type, label, row, "modified", Instant.EPOCH);
      duplicate(type, label, "account_id", id, row);
      if (status(type, label, row, EnumSet.of(RowStatus.ACTIVE, RowStatus.DELETED))
          == RowStatus.DELETED) {
        return Parsed.ok(CrmTombstone.accountDeleted(id, modified));
      }
      Map<String, String> otherIds = new LinkedHashMap<>();
      for (String column : row.columns()) {
        if (column.startsWith(OTHER_ID_PREFIX)) {
          String value = row.get(column);
          if (value != null) {
            otherIds.put(column.substring(OTHER_ID_PREFIX.length()), value);
          }
        }
      }
      return Parsed.ok(
          new CrmAccount(
              id,
              row.get("name"),
              row.get("display_name"),
              row.get("email"),
              row.get("contact_info"),
              customerType(type, label, row.get("type")),
              otherIds,
              modified));
    } catch (InvalidCrmRecordException e) {
      return Parsed.rejected(relabel(e, label));
    }
  }

  private static CustomerType customerType(
      CrmRecordType type, String label, @Nullable String value) {
    if (value == null) {
      return CustomerType.B2B;
    }
    try {
      return CustomerType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidCrmRecordException(type, label, "type", "must be B2B or B2C");
    }
  }

  // ---------------------------------------------------------------- contacts

  private static Parsed parseContact(Row row) {
    CrmRecordType type = CrmRecordType.CONTACT;
    String id = row.get("contact_id");
    String label = label(id, row);
    try {
      checkShape(type, label, row);
      Instant modified = instant(type, label, row, "modified", Instant.EPOCH);
      duplicate(type, label, "contact_id", id, row);
      RowStatus status =
          status(
              type,
              label,
              row,
              EnumSet.of(RowStatus.ACTIVE, RowStatus.INACTIVE, RowStatus.DELETED));
      if (status != RowStatus.ACTIVE) {
        return Parsed.ok(
            CrmTombstone.contactRemoved(
                id,
                row.get("account_id"),
                status == RowStatus.INACTIVE ? RemovalKind.INACTIVE : RemovalKind.DELETED,
                modified));
      }
      return Parsed.ok(
          new CrmContact(
              id,
              row.get("account_id"),
              row.get("name"),
              row.get("email"),
              consumerKind(type, label, row.get("kind")),
              row.get("connected_identity_id"),
              modified));
    } catch (InvalidCrmRecordException e) {
      return Parsed.rejected(relabel(e, label));
    }
  }

  private static ConsumerKind consumerKind(
      CrmRecordType type, String label, @Nullable String value) {
    if (value == null) {
      return ConsumerKind.PERSON;
    }
    try {
      return ConsumerKind.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidCrmRecordException(type, label, "kind", "must be PERSON or DEVICE");
    }
  }

  // ---------------------------------------------------------------- orders

  /** Builds an order from all its rows, in row order. */
  private static Parsed parseOrder(String orderId, List<Row> rows) {
    CrmRecordType lineType = CrmRecordType.ORDER_LINE;
    OrderContext context = OrderContext.of(rows);
    List<CrmOrderLine> lines = new ArrayList<>();
    List<InvalidCrmRecordException> invalid = new ArrayList<>();
    for (Row row : rows) {
      String lineId = row.get("line_id");
      String label = label(lineId, row);
      try {
        checkShape(lineType, label, row);
        instant(lineType, label, row, "modified", Instant.EPOCH);
        if (!context.accountFits(row)) {
          throw new InvalidCrmRecordException(
              lineType,
              label,
              "account_id",
              "differs from the account_id of the order's row " + context.accountRow().number());
        }
        duplicate(lineType, label, "line_id", lineId, row);
        lines.add(line(row, label));
      } catch (InvalidCrmRecordException e) {
        invalid.add(relabel(e, label));
      }
    }
    String label = orderId + " (" + where(rows) + ")";
    try {
      return Parsed.ok(
          new CrmOrder(orderId, context.accountId(), lines, invalid, context.modified()));
    } catch (InvalidCrmRecordException e) {
      return Parsed.rejected(relabel(e, label));
    }
  }

  /** The line of a row that passed the order-level checks. */
  private static CrmOrderLine line(Row row, String label) {
    CrmRecordType type = CrmRecordType.ORDER_LINE;
    int quantity = quantity(type, label, row);
    Instant validFrom = instant(type, label, row, "valid_from", null);
    Instant validUntil = instant(type, label, row, "valid_until", null);
    RowStatus status = status(type, label, row, EnumSet.of(RowStatus.ACTIVE, RowStatus.CANCELLED));
    Instant cancelledAt = instant(type, label, row, "cancelled_at", null);
    return new CrmOrderLine(
        row.get("line_id"),
        row.get("sku"),
        quantity,
        validFrom,
        validUntil,
        row.get("subscription_ref"),
        row.get("contract_ref"),
        status == RowStatus.CANCELLED ? LineStatus.CANCELLED : LineStatus.ACTIVE,
        cancelledAt);
  }

  private static int quantity(CrmRecordType type, String label, Row row) {
    String value = row.get("quantity");
    if (value == null) {
      throw new InvalidCrmRecordException(type, label, "quantity", "is missing");
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidCrmRecordException(type, label, "quantity", "is not a whole number");
    }
  }

  // ---------------------------------------------------------------- shared row checks

  /** The values of the {@code status} column; blank means active. */
  private enum RowStatus {
    ACTIVE,
    INACTIVE,
    DELETED,
    CANCELLED;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static RowStatus status(
      CrmRecordType type, String label, Row row, Set<RowStatus> allowed) {
    String value = row.get("status");
    if (value == null) {
      return RowStatus.ACTIVE;
    }
    for (RowStatus status : allowed) {
      if (status.word().equalsIgnoreCase(value)) {
        return status;
      }
    }
    List<String> words = allowed.stream().map(RowStatus::word).collect(Collectors.toList());
    String last = words.remove(words.size() - 1);
    throw new InvalidCrmRecordException(
        type,
        label,
        "status",
        "must be " + String.join(", ", words) + " or " + last + " (blank means active)");
  }

  /** {@code A-17 (accounts.csv row 17)}, or {@code accounts.csv row 17} when the id is missing. */
  private static String label(@Nullable String id, Row row) {
    return id == null ? row.where() : id + " (" + row.where() + ")";
  }

  private static String where(List<Row> rows) {
    Row first = rows.get(0);
    if (rows.size() == 1) {
      return first.where();
    }
    StringBuilder text = new StringBuilder(first.where().replace(" row ", " rows "));
    for (int i = 1; i < rows.size() && i < 4; i++) {
      text.append(", ").append(rows.get(i).number());
    }
    if (rows.size() > 4) {
      text.append(", …");
    }
    return text.toString();
  }

  private static void checkShape(CrmRecordType type, String label, Row row) {
    if (row.tooManyValues()) {
      throw new InvalidCrmRecordException(
          type,
          label,
          "row",
          "has " + row.size() + " values, more than the header has columns (check the quoting)");
    }
  }

  /** Rejects a row whose id an earlier row already has (found when the adapter was built). */
  private static void duplicate(
      CrmRecordType type, String label, String column, @Nullable String id, Row row) {
    if (id != null && row.firstRow() > 0) {
      throw new InvalidCrmRecordException(
          type, label, column, "repeats the id of row " + row.firstRow() + " (ids must be unique)");
    }
  }

  /**
   * Parses an ISO-8601 instant, offset date-time or date (midnight UTC).
   *
   * @return the instant, or {@code absent} when the value is blank
   */
  private static @Nullable Instant instant(
      CrmRecordType type, String label, Row row, String column, @Nullable Instant absent) {
    String value = row.get(column);
    if (value == null) {
      return absent;
    }
    Instant parsed = parseInstant(value);
    if (parsed == null) {
      throw new InvalidCrmRecordException(
          type,
          label,
          column,
          "is not an ISO-8601 date or timestamp with an offset"
              + " (such as 2026-03-01 or 2026-03-01T10:00:00Z)");
    }
    return parsed;
  }

  /** The row's {@code modified} time, or the epoch when it is blank or malformed. */
  private static Instant lenientInstant(Row row) {
    String value = row.get("modified");
    Instant parsed = value == null ? null : parseInstant(value);
    return parsed == null ? Instant.EPOCH : parsed;
  }

  static @Nullable Instant parseInstant(String value) {
    Instant fast = parseCommonInstant(value);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * Parses the two most common forms quickly, {@code 2026-03-01T10:00:00Z} and {@code 2026-03-01}
   * (millions of rows each parse one several times); null for anything else, which {@link
   * #parseInstant} then parses in full.
   */
  private static @Nullable Instant parseCommonInstant(String v) {
    int length = v.length();
    if ((length != 10 && length != 20)
        || v.charAt(4) != '-'
        || v.charAt(7) != '-'
        || !digits(v, 0, 4)
        || !digits(v, 5, 7)
        || !digits(v, 8, 10)) {
      return null;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (length == 20) {
      if (v.charAt(10) != 'T'
          || v.charAt(13) != ':'
          || v.charAt(16) != ':'
          || v.charAt(19) != 'Z'
          || !digits(v, 11, 13)
          || !digits(v, 14, 16)
          || !digits(v, 17, 19)) {
        return null;
      }
      hour = number(v, 11, 13);
      minute = number(v, 14, 16);
      second = number(v, 17, 19);
      if (hour > 23 || minute > 59 || second > 59) {
        return null;
      }
    }
    try {
      return LocalDate.of(number(v, 0, 4), number(v, 5, 7), number(v, 8, 10))
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant()
          .plusSeconds(hour * 3600L + minute * 60L + second);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean digits(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (v.charAt(i) - '0');
    }
    return n;
  }

  /** Puts the file and row into the id and turns the record's field name into the column name. */
  private static InvalidCrmRecordException relabel(InvalidCrmRecordException e, String label) {
    return new InvalidCrmRecordException(
        e.recordType(), label, column(e.recordType(), e.field()), e.reason());
  }

  static String column(CrmRecordType type, String field) {
    if (field.startsWith("otherIds.")) {
      return OTHER_ID_PREFIX + field.substring("otherIds.".length());
    }
    switch (field) {
      case "crmId":
        switch (type) {
          case ACCOUNT:
            return "account_id";
          case CONTACT:
            return "contact_id";
          default:
            return "order_id";
        }
      case "accountCrmId":
        return "account_id";
      case "lineId":
      case "lines":
        return "line_id";
      case "displayName":
        return "display_name";
      case "contactInfo":
        return "contact_info";
      case "otherIds":
        return "other_id.*";
      case "connectedIdentityId":
        return "connected_identity_id";
      case "validFrom":
        return "valid_from";
      case "validUntil":
        return "valid_until";
      case "subscriptionReference":
        return "subscription_ref";
      case "contractReference":
        return "contract_ref";
      case "cancelledAt":
        return "cancelled_at";
      case "modifiedAt":
        return "modified";
      default:
        return field;
    }
  }

  /** Builds a {@link CsvExportAdapter}; reads the files in {@link #build()}. */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable Path accountsFile;
    private @Nullable Path contactsFile;
    private @Nullable Path ordersFile;
    private @Nullable Path tempDirectory;
    private String system = DEFAULT_SYSTEM;
    private long memoryBudget = DEFAULT_MEMORY_BUDGET;

    private Builder() {}

    /**
     * Reads {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv} from a directory;
     * each file that is absent means no records of its kind, but at least one must be present.
     * Files set explicitly take precedence.
     *
     * @param directory the export directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Reads accounts from this file, which must exist.
     *
     * @param file the accounts CSV file
     * @return this builder
     */
    public Builder accountsFile(Path file) {
      this.accountsFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Reads contacts from this file, which must exist.
     *
     * @param file the contacts CSV file
     * @return this builder
     */
    public Builder contactsFile(Path file) {
      this.contactsFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Reads order lines from this file, which must exist.
     *
     * @param file the order lines CSV file
     * @return this builder
     */
    public Builder ordersFile(Path file) {
      this.ordersFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets the system name, the prefix of the Scale keys ({@code file:A-17}); default {@value
     * #DEFAULT_SYSTEM}.
     *
     * @param name lower case letters, digits and dashes
     * @return this builder
     * @throws IllegalArgumentException when the name has other characters
     */
    public Builder system(String name) {
      if (!SYSTEM.matcher(Objects.requireNonNull(name, "name")).matches()) {
        throw new IllegalArgumentException(
            "The system name must be lower case letters, digits and single dashes");
      }
      this.system = name;
      return this;
    }

    /**
     * Where to create the temporary directory in which an export too large to sort in memory is
     * sorted (up to about three times the size of the files); default the system's temporary
     * directory ({@code java.io.tmpdir}). The adapter deletes it when closed.
     *
     * @param directory an existing, writable directory
     * @return this builder
     */
    public Builder tempDirectory(Path directory) {
      this.tempDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * How many bytes of rows are sorted in memory before they go to a temporary file; a quarter of
     * it is how much of the sorted export may stay in memory per file or index. For tests, to sort
     * small exports on disk.
     */
    Builder memoryBudget(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("The memory budget must be positive");
      }
      this.memoryBudget = bytes;
      return this;
    }

    /**
     * Reads and checks the files, and sorts them in change order.
     *
     * @return the adapter
     * @throws CrmAdapterException (not retryable) when no file is found, or a file cannot be read,
     *     is not UTF-8 CSV, or lacks a required column, or the temporary files cannot be written
     */
    public CsvExportAdapter build() {
      Path accountsPath = resolve(accountsFile, ACCOUNTS_FILE);
      Path contactsPath = resolve(contactsFile, CONTACTS_FILE);
      Path ordersPath = resolve(ordersFile, ORDERS_FILE);
      if (directory != null && !Files.isDirectory(directory)) {
        throw new CrmAdapterException(
            "The export directory " + directory + " does not exist or is not a directory",
            new IllegalArgumentException("not a directory"),
            false);
      }
      if (accountsPath == null && contactsPath == null && ordersPath == null) {
        throw new CrmAdapterException(
            "Found none of "
                + ACCOUNTS_FILE
                + ", "
                + CONTACTS_FILE
                + ", "
                + ORDERS_FILE
                + (directory == null ? "" : " in " + directory),
            new IllegalArgumentException("no export files"),
            false);
      }
      Budget budget = new Budget(memoryBudget, Math.max(1, memoryBudget / 4));
      CsvTempFiles temp = new CsvTempFiles(tempDirectory);
      try {
        return read(accountsPath, contactsPath, ordersPath, temp, budget);
      } catch (RuntimeException e) {
        temp.close();
        throw e;
      }
    }

    private CsvExportAdapter read(
        @Nullable Path accountsPath,
        @Nullable Path contactsPath,
        @Nullable Path ordersPath,
        CsvTempFiles temp,
        Budget budget) {
      Tally tally = new Tally();
      CsvTable none = CsvTable.none();

      Entries accounts;
      CsvSpool<Row, String> accountIndex;
      if (accountsPath == null) {
        accounts =
            new Entries(
                CsvSpool.empty(none.codec(), cursorOf("account_id"), temp),
                CsvExportAdapter::parseAccount);
        accountIndex = CsvSpool.empty(none.codec(), row -> "", temp);
      } else {
        try (CsvTable.Rows rows =
            CsvTable.open(accountsPath, ACCOUNT_REQUIRED, ACCOUNT_OPTIONAL, OTHER_ID_PREFIX)) {
          CsvSpool.Builder<Row, String> index =
              CsvSpool.builder(
                  rows.table().codec(),
                  row -> Objects.requireNonNull(row.get("account_id")),
                  temp,
                  budget.spool);
          accounts =
              readRecords(
                  rows,
                  "account_id",
                  CsvExportAdapter::parseAccount,
                  index::add,
                  tally,
                  temp,
                  budget);
          accountIndex = index.build();
        }
        tally.accounts = accounts.spool.size();
      }

      Entries contacts;
      CsvSpool.Builder<CsvLocation, String> contactLocations =
          CsvSpool.builder(CsvLocation.CODEC, CsvLocation::id, temp, budget.spool);
      if (contactsPath == null) {
        contacts =
            new Entries(
                CsvSpool.empty(none.codec(), cursorOf("contact_id"), temp),
                CsvExportAdapter::parseContact);
      } else {
        try (CsvTable.Rows rows =
            CsvTable.open(contactsPath, CONTACT_REQUIRED, CONTACT_OPTIONAL, null)) {
          contacts =
              readRecords(
                  rows,
                  "contact_id",
                  CsvExportAdapter::parseContact,
                  row ->
                      contactLocations.add(
                          new CsvLocation(
                              Objects.requireNonNull(row.get("contact_id")), row.where())),
                  tally,
                  temp,
                  budget);
        }
        tally.contacts = contacts.spool.size();
      }

      Entries orders;
      CsvSpool.Builder<CsvLocation, String> orderLocations =
          CsvSpool.builder(CsvLocation.CODEC, CsvLocation::id, temp, budget.spool);
      CsvSpool.Builder<CsvLocation, String> lineLocations =
          CsvSpool.builder(CsvLocation.CODEC, CsvLocation::id, temp, budget.spool);
      if (ordersPath == null) {
        orders = new Entries(CsvSpool.empty(none.codec(), cursorOf("order_id"), temp), null);
      } else {
        try (CsvTable.Rows rows = CsvTable.open(ordersPath, ORDER_REQUIRED, ORDER_OPTIONAL, null)) {
          orders = readOrders(rows, orderLocations, lineLocations, tally, temp, budget);
        }
      }
      CsvExportAdapter adapter =
          new CsvExportAdapter(
              system,
              temp,
              accounts,
              contacts,
              orders,
              accountIndex,
              contactLocations.build(),
              orderLocations.build(),
              lineLocations.build(),
              tally);
      LOG.debug(
          "Read {} from {}, {}, {}; sorted {}",
          adapter.overview(),
          accountsPath,
          contactsPath,
          ordersPath,
          temp.used() ? "in temporary files" : "in memory");
      return adapter;
    }

    private @Nullable Path resolve(@Nullable Path explicit, String name) {
      if (explicit != null) {
        return explicit;
      }
      if (directory == null) {
        return null;
      }
      Path candidate = directory.resolve(name);
      return Files.isRegularFile(candidate) ? candidate : null;
    }
  }
}
