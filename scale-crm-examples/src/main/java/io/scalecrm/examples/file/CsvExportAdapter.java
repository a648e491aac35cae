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
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CrmAdapter} over a CRM export in CSV files: {@code accounts.csv}, {@code contacts.csv}
 * and {@code orders.csv} (one row per order line), as described in {@code README-file-cli.md}.
 *
 * <p>The files are read once, when the adapter is built; build a new adapter to see changed files.
 * Each row's optional {@code modified} column (ISO-8601) is the record's change time; records are
 * returned in ascending (change time, id) order, so a sync can resume after a checkpoint.
 *
 * <p>A row that cannot become a valid record never fails the read: it is returned in {@link
 * CrmPage#rejected()} (a bad order line in {@link CrmOrder#invalidLines()}, while the good lines of
 * the same order still sync), with a CRM id that names the file and row, for example {@code "A-17
 * (accounts.csv row 17)"}, and with the offending column as the field. Row numbers count the header
 * as row 1, as spreadsheets do.
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
      Set.of("display_name", "email", "type", "contact_info", "modified");
  static final List<String> CONTACT_REQUIRED = List.of("contact_id", "account_id", "name");
  static final Set<String> CONTACT_OPTIONAL =
      Set.of("email", "kind", "connected_identity_id", "modified");
  static final List<String> ORDER_REQUIRED =
      List.of("order_id", "account_id", "line_id", "sku", "quantity");
  static final Set<String> ORDER_OPTIONAL =
      Set.of("valid_from", "valid_until", "subscription_ref", "contract_ref", "modified");

  private final String system;
  private final List<Entry<CrmAccount>> accounts;
  private final List<Entry<CrmContact>> contacts;
  private final List<Entry<CrmOrder>> orders;
  private final Map<String, CrmAccount> accountsById = new HashMap<>();
  private final Map<CrmRecordType, Map<String, String>> locations;

  private CsvExportAdapter(
      String system,
      List<Entry<CrmAccount>> accounts,
      List<Entry<CrmContact>> contacts,
      List<Entry<CrmOrder>> orders,
      Map<CrmRecordType, Map<String, String>> locations) {
    this.system = system;
    this.locations = locations;
    this.accounts = accounts;
    this.contacts = contacts;
    this.orders = orders;
    for (Entry<CrmAccount> e : accounts) {
      if (e.record() != null) {
        accountsById.put(e.record().crmId(), e.record());
      }
    }
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
    return page(accounts, query);
  }

  @Override
  public CrmPage<CrmContact> contacts(CrmQuery query) {
    return page(contacts, query);
  }

  @Override
  public CrmPage<CrmOrder> orders(CrmQuery query) {
    return page(orders, query);
  }

  @Override
  public Optional<CrmAccount> account(String crmId) {
    return Optional.ofNullable(accountsById.get(crmId));
  }

  /**
   * Where a record is in the export, so that failures the sync finds later (an unknown SKU, an
   * email that Scale refuses) can name the row too.
   *
   * @param type the record type; for {@link CrmRecordType#ORDER_LINE} the id is the line id
   * @param crmId the record's CRM id
   * @return for example {@code "orders.csv row 12"}, or empty when no valid row has that id
   */
  public Optional<String> location(CrmRecordType type, String crmId) {
    return Optional.ofNullable(locations.getOrDefault(type, Map.of()).get(crmId));
  }

  /**
   * How many rows of each kind the export holds, valid or not, for a one-line overview.
   *
   * @return for example {@code "80 accounts, 200 contacts, 90 orders with 150 lines"}
   */
  public String overview() {
    long rejected =
        accounts.stream().filter(e -> e.record() == null).count()
            + contacts.stream().filter(e -> e.record() == null).count()
            + orders.stream().filter(e -> e.record() == null).count();
    long lines = 0;
    for (Entry<CrmOrder> e : orders) {
      CrmOrder order = e.record();
      if (order != null) {
        lines += order.lines().size() + order.invalidLines().size();
        rejected += order.invalidLines().size();
      }
    }
    return accounts.size()
        + " accounts, "
        + contacts.size()
        + " contacts, "
        + orders.size()
        + " orders with "
        + lines
        + " lines"
        + (rejected == 0
            ? ""
            : " (" + rejected + (rejected == 1 ? " bad row" : " bad rows") + ", listed below)");
  }

  // ---------------------------------------------------------------- paging

  private static <T extends CrmRecord> CrmPage<T> page(List<Entry<T>> all, CrmQuery query) {
    ChangeCursor since = query.since();
    int from = 0;
    if (since != null) {
      while (from < all.size() && !since.isBefore(all.get(from).cursor())) {
        from++;
      }
    }
    int offset = 0;
    String token = query.pageToken();
    if (token != null) {
      try {
        offset = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw new CrmAdapterException("Not a page token of this adapter", e, false);
      }
      if (offset < 0 || from + offset > all.size()) {
        throw new CrmAdapterException(
            "Not a page token of this adapter",
            new IllegalArgumentException("page token out of range"),
            false);
      }
    }
    int start = from + offset;
    int end = Math.min(all.size(), start + query.pageSize());
    List<T> records = new ArrayList<>();
    List<InvalidCrmRecordException> rejected = new ArrayList<>();
    for (Entry<T> e : all.subList(start, end)) {
      if (e.record() != null) {
        records.add(e.record());
      } else {
        rejected.add(Objects.requireNonNull(e.rejected()));
      }
    }
    return new CrmPage<>(records, rejected, end < all.size() ? String.valueOf(end - from) : null);
  }

  /**
   * A valid record or a rejected row, at its place in change order.
   *
   * @param cursor the record's cursor; for a rejected row its change time (or the epoch) and id (or
   *     the empty string)
   * @param row the row number, which orders rejected rows that share a cursor
   * @param record the record, or null when rejected
   * @param rejected why the row was rejected, or null
   */
  private record Entry<T extends CrmRecord>(
      ChangeCursor cursor,
      long row,
      @Nullable T record,
      @Nullable InvalidCrmRecordException rejected) {

    static <T extends CrmRecord> Entry<T> ok(T record, long row) {
      return new Entry<>(record.cursor(), row, record, null);
    }

    static <T extends CrmRecord> Entry<T> rejected(
        InvalidCrmRecordException e, Instant modifiedAt, @Nullable String id, long row) {
      return new Entry<>(new ChangeCursor(modifiedAt, id == null ? "" : id), row, null, e);
    }
  }

  private static <T extends CrmRecord> List<Entry<T>> sorted(List<Entry<T>> entries) {
    List<Entry<T>> copy = new ArrayList<>(entries);
    copy.sort(Comparator.comparing((Entry<T> e) -> e.cursor()).thenComparingLong(e -> e.row()));
    return List.copyOf(copy);
  }

  // ---------------------------------------------------------------- accounts

  private static List<Entry<CrmAccount>> readAccounts(
      CsvTable table, Map<String, String> locations) {
    CrmRecordType type = CrmRecordType.ACCOUNT;
    List<Entry<CrmAccount>> entries = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String id = row.get("account_id");
      String label = label(id, row);
      try {
        checkShape(type, label, row);
        Instant modified = instant(type, label, row, "modified", Instant.EPOCH);
        duplicate(type, label, "account_id", id, row, seen);
        Map<String, String> otherIds = new LinkedHashMap<>();
        for (String column : table.columns()) {
          if (column.startsWith(OTHER_ID_PREFIX)) {
            String value = row.get(column);
            if (value != null) {
              otherIds.put(column.substring(OTHER_ID_PREFIX.length()), value);
            }
          }
        }
        CrmAccount account =
            new CrmAccount(
                id,
                row.get("name"),
                row.get("display_name"),
                row.get("email"),
                row.get("contact_info"),
                customerType(type, label, row.get("type")),
                otherIds,
                modified);
        entries.add(Entry.ok(account, row.number()));
        locations.put(account.crmId(), row.where());
      } catch (InvalidCrmRecordException e) {
        entries.add(Entry.rejected(relabel(e, label), lenientInstant(row), id, row.number()));
      }
    }
    return sorted(entries);
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

  private static List<Entry<CrmContact>> readContacts(
      CsvTable table, Map<String, String> locations) {
    CrmRecordType type = CrmRecordType.CONTACT;
    List<Entry<CrmContact>> entries = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String id = row.get("contact_id");
      String label = label(id, row);
      try {
        checkShape(type, label, row);
        Instant modified = instant(type, label, row, "modified", Instant.EPOCH);
        duplicate(type, label, "contact_id", id, row, seen);
        CrmContact contact =
            new CrmContact(
                id,
                row.get("account_id"),
                row.get("name"),
                row.get("email"),
                consumerKind(type, label, row.get("kind")),
                row.get("connected_identity_id"),
                modified);
        entries.add(Entry.ok(contact, row.number()));
        locations.put(contact.crmId(), row.where());
      } catch (InvalidCrmRecordException e) {
        entries.add(Entry.rejected(relabel(e, label), lenientInstant(row), id, row.number()));
      }
    }
    return sorted(entries);
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

  private static List<Entry<CrmOrder>> readOrders(
      CsvTable table, Map<String, String> orderLocations, Map<String, String> lineLocations) {
    List<Entry<CrmOrder>> entries = new ArrayList<>();
    Map<String, List<CsvTable.Row>> byOrder = new LinkedHashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String orderId = row.get("order_id");
      if (orderId == null) {
        String lineId = row.get("line_id");
        String label = label(lineId, row);
        entries.add(
            Entry.rejected(
                new InvalidCrmRecordException(
                    CrmRecordType.ORDER_LINE, label, "order_id", "is missing"),
                lenientInstant(row),
                null,
                row.number()));
      } else {
        byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(row);
      }
    }
    Map<String, Long> seenLines = new HashMap<>();
    for (Map.Entry<String, List<CsvTable.Row>> group : byOrder.entrySet()) {
      entries.add(order(group.getKey(), group.getValue(), seenLines, lineLocations));
      orderLocations.put(group.getKey(), where(group.getValue()));
    }
    return sorted(entries);
  }

  private static Entry<CrmOrder> order(
      String orderId,
      List<CsvTable.Row> rows,
      Map<String, Long> seenLines,
      Map<String, String> lineLocations) {
    CrmRecordType lineType = CrmRecordType.ORDER_LINE;
    String accountId = null;
    CsvTable.Row accountRow = rows.get(0);
    Instant modified = Instant.EPOCH;
    for (CsvTable.Row row : rows) {
      if (accountId == null && row.get("account_id") != null) {
        accountId = row.get("account_id");
        accountRow = row;
      }
      Instant rowModified = lenientInstant(row);
      if (rowModified.isAfter(modified)) {
        modified = rowModified;
      }
    }
    List<CrmOrderLine> lines = new ArrayList<>();
    List<InvalidCrmRecordException> invalid = new ArrayList<>();
    for (CsvTable.Row row : rows) {
      String lineId = row.get("line_id");
      String label = label(lineId, row);
      try {
        checkShape(lineType, label, row);
        instant(lineType, label, row, "modified", Instant.EPOCH);
        String lineAccount = row.get("account_id");
        if (lineAccount != null && !lineAccount.equals(accountId)) {
          throw new InvalidCrmRecordException(
              lineType,
              label,
              "account_id",
              "differs from the account_id of the order's row " + accountRow.number());
        }
        duplicate(lineType, label, "line_id", lineId, row, seenLines);
        CrmOrderLine line =
            new CrmOrderLine(
                lineId,
                row.get("sku"),
                quantity(lineType, label, row),
                instant(lineType, label, row, "valid_from", null),
                instant(lineType, label, row, "valid_until", null),
                row.get("subscription_ref"),
                row.get("contract_ref"));
        lines.add(line);
        lineLocations.put(line.lineId(), row.where());
      } catch (InvalidCrmRecordException e) {
        invalid.add(relabel(e, label));
      }
    }
    String label = orderId + " (" + where(rows) + ")";
    try {
      CrmOrder order = new CrmOrder(orderId, accountId, lines, invalid, modified);
      return Entry.ok(order, rows.get(0).number());
    } catch (InvalidCrmRecordException e) {
      return Entry.rejected(relabel(e, label), modified, orderId, rows.get(0).number());
    }
  }

  private static int quantity(CrmRecordType type, String label, CsvTable.Row row) {
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

  /** {@code A-17 (accounts.csv row 17)}, or {@code accounts.csv row 17} when the id is missing. */
  private static String label(@Nullable String id, CsvTable.Row row) {
    return id == null ? row.where() : id + " (" + row.where() + ")";
  }

  private static String where(List<CsvTable.Row> rows) {
    CsvTable.Row first = rows.get(0);
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

  private static void checkShape(CrmRecordType type, String label, CsvTable.Row row) {
    if (row.tooManyValues()) {
      throw new InvalidCrmRecordException(
          type,
          label,
          "row",
          "has " + row.size() + " values, more than the header has columns (check the quoting)");
    }
  }

  private static void duplicate(
      CrmRecordType type,
      String label,
      String column,
      @Nullable String id,
      CsvTable.Row row,
      Map<String, Long> seen) {
    if (id == null) {
      return;
    }
    Long first = seen.putIfAbsent(id, row.number());
    if (first != null) {
      throw new InvalidCrmRecordException(
          type, label, column, "repeats the id of row " + first + " (ids must be unique)");
    }
  }

  /**
   * Parses an ISO-8601 instant, offset date-time or date (midnight UTC).
   *
   * @return the instant, or {@code absent} when the value is blank
   */
  private static @Nullable Instant instant(
      CrmRecordType type, String label, CsvTable.Row row, String column, @Nullable Instant absent) {
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
  private static Instant lenientInstant(CsvTable.Row row) {
    String value = row.get("modified");
    Instant parsed = value == null ? null : parseInstant(value);
    return parsed == null ? Instant.EPOCH : parsed;
  }

  static @Nullable Instant parseInstant(String value) {
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
    private String system = DEFAULT_SYSTEM;

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
     * Reads and checks the files.
     *
     * @return the adapter
     * @throws CrmAdapterException (not retryable) when no file is found, or a file cannot be read,
     *     is not UTF-8 CSV, or lacks a required column
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
      Map<CrmRecordType, Map<String, String>> locations = new EnumMap<>(CrmRecordType.class);
      for (CrmRecordType type : CrmRecordType.values()) {
        locations.put(type, new HashMap<>());
      }
      List<Entry<CrmAccount>> accounts =
          accountsPath == null
              ? List.of()
              : readAccounts(
                  CsvTable.read(accountsPath, ACCOUNT_REQUIRED, ACCOUNT_OPTIONAL, OTHER_ID_PREFIX),
                  locations.get(CrmRecordType.ACCOUNT));
      List<Entry<CrmContact>> contacts =
          contactsPath == null
              ? List.of()
              : readContacts(
                  CsvTable.read(contactsPath, CONTACT_REQUIRED, CONTACT_OPTIONAL, null),
                  locations.get(CrmRecordType.CONTACT));
      List<Entry<CrmOrder>> orders =
          ordersPath == null
              ? List.of()
              : readOrders(
                  CsvTable.read(ordersPath, ORDER_REQUIRED, ORDER_OPTIONAL, null),
                  locations.get(CrmRecordType.ORDER),
                  locations.get(CrmRecordType.ORDER_LINE));
      LOG.debug(
          "Read {} account, {} contact and {} order entries ({}, {}, {})",
          accounts.size(),
          contacts.size(),
          orders.size(),
          accountsPath,
          contactsPath,
          ordersPath);
      return new CsvExportAdapter(system, accounts, contacts, orders, locations);
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
