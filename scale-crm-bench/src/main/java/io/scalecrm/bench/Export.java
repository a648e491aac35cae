package io.scalecrm.bench;

import io.scalecrm.testkit.SandboxProduct;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A synthetic CRM export in the file CLI's CSV format ({@code accounts.csv}, {@code contacts.csv},
 * {@code orders.csv} and {@code sku-map.csv}), written row by row so that a million records take no
 * memory.
 *
 * <p>The shape follows issue 10: per 1,000 records 200 accounts, 500 contacts and 300 order lines.
 *
 * <ul>
 *   <li>Accounts: every fifth is B2C (20 %); 70 % of the accounts have contacts (every B2C account
 *       and half of all accounts among the B2B ones) and 60 % have orders.
 *   <li>Contacts: each B2C account's person is also a contact (same email, kind PERSON); the other
 *       contacts belong to random B2B accounts that have contacts (about 4.6 each).
 *   <li>Orders: 1 to 3 lines each (2 on average), for random accounts that have orders; two SKUs,
 *       one annual and one perpetual.
 *   <li>Change times are random over a year, so the contacts and orders of one account are spread
 *       over the whole file and over many pages, as in a real CRM.
 * </ul>
 *
 * <p>{@link #write(Path, boolean)} with {@code changed} writes the same export with 1 % of the
 * records changed: 1 % of the accounts and 1 % of the contacts renamed, and new orders with 1 % as
 * many new lines, all with later change times.
 *
 * @param accounts the number of accounts
 * @param contacts the number of contacts
 * @param lines the number of order lines
 */
record Export(int accounts, int contacts, int lines) {
  static final String SYSTEM = "file";
  static final SandboxProduct PRO =
      new SandboxProduct(
          SandboxProduct.idFor("bench-pro"),
          "bench-pro",
          "Bench Pro",
          List.of("editor", "export"),
          "SEATS",
          "default");
  static final SandboxProduct BASIC =
      new SandboxProduct(
          SandboxProduct.idFor("bench-basic"),
          "bench-basic",
          "Bench Basic",
          List.of("editor"),
          "SEATS",
          "default");
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant CHANGED = Instant.parse("2026-02-01T00:00:00Z");
  private static final int YEAR_SECONDS = 365 * 24 * 3600;

  Export {
    if (accounts < 10 || contacts < accounts / 5 || lines < 1) {
      throw new IllegalArgumentException(
          "too small an export: " + accounts + "/" + contacts + "/" + lines);
    }
  }

  /**
   * The export with {@code records} records: 20 % accounts, 50 % contacts, 30 % order lines.
   *
   * @param records at least 50
   * @return the shape
   */
  static Export ofRecords(int records) {
    int accounts = records / 5;
    int contacts = records / 2;
    return new Export(accounts, contacts, records - accounts - contacts);
  }

  /** Accounts, contacts and order lines: the records the issue counts. */
  long records() {
    return (long) accounts + contacts + lines;
  }

  /** The records a changed export changes or adds. */
  long changedRecords() {
    return renamedAccounts() + renamedContacts() + newLines();
  }

  int renamedAccounts() {
    return hits(accounts, every(accounts));
  }

  int renamedContacts() {
    return hits(contacts, every(contacts));
  }

  /** Every how many rows one is changed: 1 %. */
  private static int every(int rows) {
    return Math.max(1, rows / ((rows + 99) / 100));
  }

  /** How many of {@code rows} rows a change of every {@code every}th touches. */
  private static int hits(int rows, int every) {
    int n = 0;
    for (int i = every / 2; i < rows; i += every) {
      n++;
    }
    return n;
  }

  int newLines() {
    return (lines + 99) / 100;
  }

  /** A short label: {@code 1k}, {@code 10k}, {@code 1M}. */
  String label() {
    return label(records());
  }

  static String label(long records) {
    if (records >= 1_000_000 && records % 1_000_000 == 0) {
      return records / 1_000_000 + "M";
    }
    if (records >= 1000 && records % 1000 == 0) {
      return records / 1000 + "k";
    }
    return Long.toString(records);
  }

  static boolean b2c(int account) {
    return account % 5 == 4;
  }

  static boolean hasContacts(int account) {
    int r = account % 10;
    return b2c(account) || r <= 3 || r == 5;
  }

  static boolean hasOrders(int account) {
    int r = account % 10;
    return r <= 2 || r == 4 || r == 5 || r == 6;
  }

  /**
   * Writes the four files into {@code dir} (created if needed), replacing what is there.
   *
   * @param dir the export directory
   * @param changed whether to write the export with 1 % of its records changed
   */
  void write(Path dir, boolean changed) {
    try {
      Files.createDirectories(dir);
      Random random = new Random(31L * records() + 7);
      writeSkuMap(dir.resolve("sku-map.csv"));
      writeAccounts(dir.resolve("accounts.csv"), random, changed);
      writeContacts(dir.resolve("contacts.csv"), random, changed);
      writeOrders(dir.resolve("orders.csv"), random, changed);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the export to " + dir, e);
    }
  }

  private static void writeSkuMap(Path file) throws IOException {
    try (Writer out = writer(file)) {
      out.write("sku,productConfigId,productName,features\n");
      out.write("PRO-1Y," + PRO.productConfigId() + ",Bench Pro,editor;export\n");
      out.write("BASIC," + BASIC.productConfigId() + ",Bench Basic,editor\n");
    }
  }

  private void writeAccounts(Path file, Random random, boolean changed) throws IOException {
    int every = every(accounts);
    try (Writer out = writer(file)) {
      out.write("account_id,name,email,type,modified\n");
      for (int i = 0; i < accounts; i++) {
        Instant modified = time(random);
        boolean renamed = changed && i % every == every / 2;
        String name = (b2c(i) ? "Person " : "Company ") + i + (renamed ? " (renamed)" : "");
        if (renamed) {
          modified = CHANGED.plusSeconds(i);
        }
        out.write(
            "A-"
                + i
                + ","
                + name
                + ","
                + accountEmail(i)
                + ","
                + (b2c(i) ? "B2C" : "B2B")
                + ","
                + modified
                + "\n");
      }
    }
  }

  private static String accountEmail(int account) {
    return (b2c(account) ? "person" : "billing") + account + "@bench.example";
  }

  private void writeContacts(Path file, Random random, boolean changed) throws IOException {
    int persons = 0;
    int withContacts = 0;
    for (int i = 0; i < accounts; i++) {
      if (b2c(i)) {
        persons++;
      } else if (hasContacts(i)) {
        withContacts++;
      }
    }
    int[] b2bWithContacts = new int[withContacts];
    for (int i = 0, k = 0; i < accounts; i++) {
      if (!b2c(i) && hasContacts(i)) {
        b2bWithContacts[k++] = i;
      }
    }
    int every = every(contacts);
    try (Writer out = writer(file)) {
      out.write("contact_id,account_id,name,email,kind,modified\n");
      int person = 4; // the first B2C account
      for (int c = 0; c < contacts; c++) {
        Instant modified = time(random);
        int account;
        String email;
        if (c < persons) {
          account = person;
          person += 5;
          email = accountEmail(account);
        } else {
          // each B2B account that has contacts gets one, then the rest go to random ones
          int k = c - persons;
          account =
              b2bWithContacts[
                  k < b2bWithContacts.length ? k : random.nextInt(b2bWithContacts.length)];
          email = "c" + c + ".a" + account + "@bench.example";
        }
        boolean renamed = changed && c % every == every / 2;
        if (renamed) {
          modified = CHANGED.plusSeconds(c);
        }
        out.write(
            "C-"
                + c
                + ",A-"
                + account
                + ",Contact "
                + c
                + (renamed ? " (renamed)" : "")
                + ","
                + email
                + ",PERSON,"
                + modified
                + "\n");
      }
    }
  }

  private void writeOrders(Path file, Random random, boolean changed) throws IOException {
    int ordering = 0;
    for (int i = 0; i < accounts; i++) {
      ordering += hasOrders(i) ? 1 : 0;
    }
    int[] buyers = new int[ordering];
    for (int i = 0, k = 0; i < accounts; i++) {
      if (hasOrders(i)) {
        buyers[k++] = i;
      }
    }
    try (Writer out = writer(file)) {
      out.write("order_id,account_id,line_id,sku,quantity,valid_from,valid_until,modified\n");
      int line = 0;
      for (int order = 0; line < lines; order++) {
        // each account that has orders gets one, then the rest go to random ones
        int account = buyers[order < buyers.length ? order : random.nextInt(buyers.length)];
        int size = Math.min(lines - line, 1 + random.nextInt(3));
        Instant modified = time(random);
        for (int l = 0; l < size; l++, line++) {
          writeLine(out, "O-" + order, account, "L-" + line, line, modified);
        }
      }
      if (changed) {
        Random more = new Random(records());
        for (int n = 0; n < newLines(); n++) {
          int account = buyers[more.nextInt(buyers.length)];
          writeLine(out, "O-N" + n, account, "L-N" + n, n, CHANGED.plusSeconds(n));
        }
      }
    }
  }

  private static void writeLine(
      Writer out, String order, int account, String lineId, int n, Instant modified)
      throws IOException {
    boolean annual = n % 2 == 0;
    out.write(
        order
            + ",A-"
            + account
            + ","
            + lineId
            + ","
            + (annual ? "PRO-1Y" : "BASIC")
            + ","
            + (1 + n % 40)
            + ",2026-03-01,"
            + (annual ? "2027-03-01" : "")
            + ","
            + modified
            + "\n");
  }

  private static Instant time(Random random) {
    return START.plus(Duration.ofSeconds(random.nextInt(YEAR_SECONDS)));
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }
}
