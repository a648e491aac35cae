package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * A large, valid export written row by row (so that writing it takes no memory either), and a
 * {@link #main} that reads one through {@link CsvExportAdapter} page by page, as a sync would, and
 * checks it: {@link CsvLargeExportTest} runs it in a child JVM with a small heap, and it measures
 * the 1M-record export by hand:
 *
 * <pre>
 * java -Xmx256m -Xlog:gc -cp ... io.scalecrm.examples.file.CsvLargeExport write DIR 200000 500000 300000
 * java -Xmx256m -Xlog:gc -cp ... io.scalecrm.examples.file.CsvLargeExport read DIR
 * </pre>
 *
 * <p>The export has change times with ties, B2C accounts, quoted multi-line addresses, deleted
 * accounts, inactive contacts, cancelled lines, and the lines of each order scattered over the
 * file.
 */
final class CsvLargeExport {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private CsvLargeExport() {}

  /** What a read of the export must find. */
  record Expected(
      long accounts,
      long accountsDeleted,
      long contacts,
      long contactsRemoved,
      long orders,
      long lines,
      long linesCancelled) {
    String summary() {
      return "accounts="
          + accounts
          + " deleted="
          + accountsDeleted
          + " contacts="
          + contacts
          + " removed="
          + contactsRemoved
          + " orders="
          + orders
          + " lines="
          + lines
          + " cancelled="
          + linesCancelled;
    }
  }

  /**
   * Writes {@code accounts.csv}, {@code contacts.csv} and {@code orders.csv}.
   *
   * @return what a read must find
   */
  static Expected write(Path dir, int accounts, int contacts, int lines) throws IOException {
    Random random = new Random(1_000_000L + accounts + contacts + lines);
    long deleted = 0;
    try (Writer out = writer(dir.resolve(CsvExportAdapter.ACCOUNTS_FILE))) {
      out.write("account_id,name,email,type,contact_info,other_id.vat,status,modified\n");
      for (int i = 0; i < accounts; i++) {
        boolean b2c = i % 5 == 4;
        boolean gone = i % 997 == 13;
        deleted += gone ? 1 : 0;
        out.write(
            "A-"
                + i
                + ","
                + (b2c ? "Zoë Brontë " + i : "\"Müller, Weiß & Söhne " + i + " GmbH\"")
                + ",billing-"
                + i
                + "@example.com,"
                + (b2c ? "B2C" : "B2B")
                + ","
                + (i % 50 == 0 ? "\"Hauptstraße " + i + "\nÜberlingen\"" : "")
                + ","
                + (i % 4 == 0 ? "EU" + (100_000_000 + i) : "")
                + ","
                + (gone ? "deleted" : "")
                + ","
                + time(random, 60 * 24 * 30)
                + "\n");
      }
    }
    long removed = 0;
    try (Writer out = writer(dir.resolve(CsvExportAdapter.CONTACTS_FILE))) {
      out.write("contact_id,account_id,name,email,kind,status,modified\n");
      for (int i = 0; i < contacts; i++) {
        String status = i % 301 == 7 ? "inactive" : i % 503 == 11 ? "deleted" : "";
        removed += status.isEmpty() ? 0 : 1;
        out.write(
            "C-"
                + i
                + ",A-"
                + random.nextInt(accounts)
                + ",Ånna Öberg "
                + i
                + ",anna."
                + i
                + "@example.com,PERSON,"
                + status
                + ","
                + time(random, 60 * 24 * 60)
                + "\n");
      }
    }
    int orders = Math.max(1, lines * 2 / 3);
    boolean[] used = new boolean[orders];
    long usedOrders = 0;
    long cancelled = 0;
    try (Writer out = writer(dir.resolve(CsvExportAdapter.ORDERS_FILE))) {
      out.write(
          "order_id,account_id,line_id,sku,quantity,valid_from,valid_until,subscription_ref,"
              + "status,cancelled_at,modified\n");
      for (int i = 0; i < lines; i++) {
        int order = random.nextInt(orders);
        if (!used[order]) {
          used[order] = true;
          usedOrders++;
        }
        boolean annual = i % 3 != 0;
        boolean cancel = i % 401 == 5;
        cancelled += cancel ? 1 : 0;
        out.write(
            "O-"
                + order
                + ",A-"
                + (order % accounts)
                + ",L-"
                + i
                + ","
                + (annual ? "STUDIO-PRO-1Y" : "API-10K")
                + ","
                + (1 + i % 40)
                + ",2026-03-01,"
                + (annual ? "2027-03-01,SUB-" + order : ",")
                + ","
                + (cancel ? "cancelled,2026-06-01" : ",")
                + ","
                + time(random, 60 * 24 * 90)
                + "\n");
      }
    }
    return new Expected(accounts, deleted, contacts, removed, usedOrders, lines, cancelled);
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }

  /** A whole-minute time within {@code minutes} of the start: many records share one. */
  private static String time(Random random, int minutes) {
    return START.plus(Duration.ofMinutes(random.nextInt(minutes))).toString();
  }

  /**
   * Reads an export page by page and checks order, exactly-once and lookups.
   *
   * @return the counts, in the form of {@link Expected#summary()}
   * @throws IllegalStateException when a check fails
   */
  static String read(Path dir, int pageSize) {
    try (CsvExportAdapter adapter = CsvExportAdapter.builder().directory(dir).build()) {
      long[] accounts = readAll(adapter::accounts, pageSize);
      long[] contacts = readAll(adapter::contacts, pageSize);
      long[] lines = {0, 0};
      long[] orders =
          readAll(
              query -> {
                CrmPage<CrmOrder> page = adapter.orders(query);
                for (CrmOrder order : page.records()) {
                  lines[0] += order.lines().size();
                  lines[1] += order.lines().stream().filter(l -> l.cancelled()).count();
                }
                return page;
              },
              pageSize);
      Optional<CrmAccount> account = adapter.account("A-1");
      if (account.isEmpty() || adapter.location(CrmRecordType.ORDER_LINE, "L-2").isEmpty()) {
        throw new IllegalStateException("lookups by id failed");
      }
      return new Expected(
              accounts[0] + accounts[1],
              accounts[1],
              contacts[0] + contacts[1],
              contacts[1],
              orders[0],
              lines[0],
              lines[1])
          .summary();
    }
  }

  /** Pages through one kind: {records, tombstones}; checks cursor order and no rejections. */
  private static <T extends CrmRecord> long[] readAll(
      Function<CrmQuery, CrmPage<T>> reader, int pageSize) {
    long records = 0;
    long tombstones = 0;
    ChangeCursor last = null;
    CrmQuery query = CrmQuery.first(null, pageSize);
    while (true) {
      CrmPage<T> page = reader.apply(query);
      if (!page.rejected().isEmpty()) {
        throw new IllegalStateException("rejected: " + page.rejected().get(0).getMessage());
      }
      List<CrmRecord> merged = new ArrayList<>(page.records());
      merged.addAll(page.tombstones());
      merged.sort((a, b) -> a.cursor().compareTo(b.cursor()));
      for (CrmRecord r : merged) {
        if (last != null && !last.isBefore(r.cursor())) {
          throw new IllegalStateException("out of order: " + r.cursor() + " after " + last);
        }
        last = r.cursor();
        if (r instanceof CrmTombstone) {
          tombstones++;
        } else {
          records++;
        }
      }
      if (page.last()) {
        return new long[] {records, tombstones};
      }
      query = query.next(page);
    }
  }

  /** The largest heap used at any time, in MiB (garbage included). */
  static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /**
   * {@code write DIR ACCOUNTS CONTACTS LINES} writes an export and prints what a read must find;
   * {@code read DIR [PAGE_SIZE]} reads one and prints what it found and the peak heap.
   *
   * @param args the command
   * @throws IOException when the files cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    if (args[0].equals("write")) {
      Files.createDirectories(dir);
      Expected expected =
          write(
              dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      System.out.println(expected.summary());
      return;
    }
    long start = System.nanoTime();
    String found = read(dir, args.length > 2 ? Integer.parseInt(args[2]) : 100);
    System.out.println(found);
    System.out.println(
        "read in "
            + Duration.ofNanos(System.nanoTime() - start).toMillis()
            + " ms; peak heap (garbage included) "
            + peakHeapMiB()
            + " MiB of max "
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB");
  }
}
