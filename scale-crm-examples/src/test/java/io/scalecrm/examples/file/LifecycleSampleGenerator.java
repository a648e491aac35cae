package io.scalecrm.examples.file;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Generates the {@code samples/lifecycle} export: the {@code samples/clean} export (as {@link
 * SampleExportGenerator} writes it) a day later, with a {@code status} column in each file and five
 * changes, each with a later {@code modified} time:
 *
 * <ul>
 *   <li>{@value #DEPARTED_CONTACT} left Müller Software ({@code inactive});
 *   <li>{@value #DELETED_CONTACT} was deleted at Béal Analytics, its personal data erased (only its
 *       ids and {@code modified} remain);
 *   <li>line {@value #CANCELLED_LINE} (a perpetual license) was cancelled, ending on {@value
 *       #CANCELLED_AT};
 *   <li>subscription line {@value #RENEWED_LINE} was renewed early: its {@code valid_until} moved a
 *       year later, to {@value #RENEWED_UNTIL};
 *   <li>the B2B account {@value #DELETED_ACCOUNT} was deleted, and with it its contacts (deleted)
 *       and its order lines (cancelled on {@value #CANCELLED_AT}), as a CRM that cascades a
 *       deletion exports them; the sync reports an active contact or line of a deleted account as a
 *       bad row.
 * </ul>
 *
 * <p>Deterministic. To re-generate after {@code samples/clean} changed, run its {@link #main} on
 * the module's test class path with the argument {@code samples/lifecycle}, from the module
 * directory; {@code CsvLifecycleSampleTest} fails while the committed files differ from its output.
 */
final class LifecycleSampleGenerator {
  static final String DEPARTED_CONTACT = "C-2002";
  static final String DELETED_CONTACT = "C-2019";
  static final String CANCELLED_LINE = "O-3014-3";
  static final String CANCELLED_AT = "2026-04-07";
  static final String RENEWED_LINE = "O-3001-1";
  static final String RENEWED_UNTIL = "2028-03-07";
  static final String DELETED_ACCOUNT = "A-1017";

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  private LifecycleSampleGenerator() {}

  /**
   * Writes the three files into a directory.
   *
   * @param args the output directory
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: LifecycleSampleGenerator OUTPUT_DIR");
    }
    generate(Path.of(args[0]));
  }

  /** Writes {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv} into {@code dir}. */
  static void generate(Path dir) throws IOException {
    Path clean = Files.createTempDirectory("clean-");
    try {
      SampleExportGenerator.generate(clean);
      Files.createDirectories(dir);
      write(clean, dir);
    } finally {
      try (Stream<Path> files = Files.walk(clean)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** One file: its header and rows, as lists of values that can be changed. */
  record Table(List<String> header, List<List<String>> rows) {
    static Table read(Path file) throws IOException {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser = FORMAT.parse(in)) {
        List<List<String>> rows = new ArrayList<>();
        for (CSVRecord record : parser) {
          rows.add(new ArrayList<>(record.toList()));
        }
        return new Table(new ArrayList<>(parser.getHeaderNames()), rows);
      }
    }

    /** Adds empty columns before {@code modified}. */
    void addColumnsBeforeModified(String... columns) {
      int at = column("modified");
      for (int i = columns.length - 1; i >= 0; i--) {
        header.add(at, columns[i]);
        for (List<String> row : rows) {
          row.add(at, "");
        }
      }
    }

    int column(String name) {
      int at = header.indexOf(name);
      if (at < 0) {
        throw new IllegalStateException("no column " + name);
      }
      return at;
    }

    /** The row whose {@code idColumn} is {@code id}; fails when samples/clean no longer has it. */
    List<String> row(String idColumn, String id) {
      int at = column(idColumn);
      return rows.stream()
          .filter(r -> r.get(at).equals(id))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "samples/clean has no "
                          + idColumn
                          + " "
                          + id
                          + ": choose other rows in LifecycleSampleGenerator"));
    }

    void set(List<String> row, String column, String value) {
      row.set(column(column), value);
    }

    String get(List<String> row, String column) {
      return row.get(column(column));
    }

    void print(Path file) {
      CsvTestFiles.print(file, header, rows);
    }
  }

  private static void write(Path clean, Path dir) throws IOException {
    Table accounts = Table.read(clean.resolve(CsvExportAdapter.ACCOUNTS_FILE));
    accounts.addColumnsBeforeModified("status");
    List<String> account = accounts.row("account_id", DELETED_ACCOUNT);
    check(accounts.get(account, "type").equals("B2B"), DELETED_ACCOUNT + " is B2B");
    accounts.set(account, "status", "deleted");
    accounts.set(account, "modified", "2026-04-07T15:20:00Z");
    accounts.print(dir.resolve(CsvExportAdapter.ACCOUNTS_FILE));
    String accountDeletedAt = accounts.get(account, "modified");

    Table contacts = Table.read(clean.resolve(CsvExportAdapter.CONTACTS_FILE));
    contacts.addColumnsBeforeModified("status");
    List<String> departed = contacts.row("contact_id", DEPARTED_CONTACT);
    contacts.set(departed, "status", "inactive");
    contacts.set(departed, "modified", "2026-04-07T09:12:00Z");
    List<String> deleted = contacts.row("contact_id", DELETED_CONTACT);
    for (String erased : List.of("name", "email", "kind", "connected_identity_id")) {
      contacts.set(deleted, erased, "");
    }
    contacts.set(deleted, "status", "deleted");
    contacts.set(deleted, "modified", "2026-04-07T10:05:00Z");
    for (List<String> row : contacts.rows()) {
      if (contacts.get(row, "account_id").equals(DELETED_ACCOUNT)) {
        contacts.set(row, "status", "deleted");
        contacts.set(row, "modified", accountDeletedAt);
      }
    }
    contacts.print(dir.resolve(CsvExportAdapter.CONTACTS_FILE));

    Table orders = Table.read(clean.resolve(CsvExportAdapter.ORDERS_FILE));
    orders.addColumnsBeforeModified("status", "cancelled_at");
    List<String> cancelled = orders.row("line_id", CANCELLED_LINE);
    orders.set(cancelled, "status", "cancelled");
    orders.set(cancelled, "cancelled_at", CANCELLED_AT);
    orders.set(cancelled, "modified", "2026-04-07T11:30:00Z");
    List<String> renewed = orders.row("line_id", RENEWED_LINE);
    check(
        orders.get(renewed, "valid_until").equals("2027-03-07")
            && !orders.get(renewed, "subscription_ref").isEmpty(),
        RENEWED_LINE + " is a subscription line ending 2027-03-07");
    orders.set(renewed, "valid_until", RENEWED_UNTIL);
    orders.set(renewed, "modified", "2026-04-07T13:45:00Z");
    for (List<String> row : orders.rows()) {
      if (orders.get(row, "account_id").equals(DELETED_ACCOUNT)) {
        orders.set(row, "status", "cancelled");
        orders.set(row, "cancelled_at", CANCELLED_AT);
        orders.set(row, "modified", accountDeletedAt);
      }
    }
    orders.print(dir.resolve(CsvExportAdapter.ORDERS_FILE));
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException(
          "samples/clean changed: expected " + what + "; choose other rows");
    }
  }
}
