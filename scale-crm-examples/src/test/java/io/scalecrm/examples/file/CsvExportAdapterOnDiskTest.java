package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every test of {@link CsvExportAdapterTest} with a memory budget of one byte, so that every
 * row is its own sort run (merged in several rounds) and every sorted file and index is read from
 * disk; and checks that a random export reads the same on disk as in memory, and that the files go
 * away on {@link CsvExportAdapter#close()}.
 */
class CsvExportAdapterOnDiskTest extends CsvExportAdapterTest {

  @TempDir Path sortDir;

  @Override
  CsvExportAdapter.Builder builder() {
    return CsvExportAdapter.builder().memoryBudget(1).tempDirectory(sortDir);
  }

  /** One entry of a page, whatever its kind, as text that compares the whole content. */
  private static <T extends CrmRecord> List<String> readEntries(
      Function<CrmQuery, CrmPage<T>> reader, ChangeCursor since, int pageSize) {
    List<String> all = new ArrayList<>();
    CrmQuery query = CrmQuery.first(since, pageSize);
    while (true) {
      CrmPage<T> page = reader.apply(query);
      assertThat(page.records().size() + page.rejected().size() + page.tombstones().size())
          .isLessThanOrEqualTo(pageSize);
      // one page's kinds merged in cursor order (rejected rows without an id sort first)
      Stream.of(
              page.records().stream().map(r -> (Object) r),
              page.tombstones().stream().map(t -> (Object) t),
              page.rejected().stream().map(e -> (Object) e))
          .flatMap(s -> s)
          .map(CsvExportAdapterOnDiskTest::text)
          .forEach(all::add);
      if (page.last()) {
        return all;
      }
      query = query.next(page);
    }
  }

  private static String text(Object entry) {
    if (entry instanceof InvalidCrmRecordException) {
      InvalidCrmRecordException e = (InvalidCrmRecordException) entry;
      return "rejected " + e.crmId() + " " + e.field() + " " + e.reason();
    }
    return entry.toString();
  }

  private static <T extends CrmRecord> List<CrmRecord> readCursored(
      Function<CrmQuery, CrmPage<T>> reader, ChangeCursor since, int pageSize) {
    List<CrmRecord> all = new ArrayList<>();
    CrmQuery query = CrmQuery.first(since, pageSize);
    while (true) {
      CrmPage<T> page = reader.apply(query);
      List<CrmRecord> merged = new ArrayList<>(page.records());
      merged.addAll(page.tombstones());
      merged.sort(Comparator.comparing(CrmRecord::cursor));
      all.addAll(merged);
      if (page.last()) {
        return all;
      }
      query = query.next(page);
    }
  }

  @Test
  void aRandomExportReadsTheSameOnDiskAsInMemoryAndResumesAfterAnyCursor() throws IOException {
    writeRandomExport(dir, new Random(42), 300);
    try (CsvExportAdapter memory = CsvExportAdapter.builder().directory(dir).build();
        CsvExportAdapter disk =
            CsvExportAdapter.builder()
                .directory(dir)
                .memoryBudget(32 * 1024)
                .tempDirectory(sortDir)
                .build()) {
      assertThat(memory.sortedOnDisk()).isFalse();
      assertThat(disk.sortedOnDisk()).isTrue();
      assertThat(disk.overview()).isEqualTo(memory.overview());
      for (int size : new int[] {1, 7, 1000}) {
        assertThat(readEntries(disk::accounts, null, size))
            .isEqualTo(readEntries(memory::accounts, null, size));
        assertThat(readEntries(disk::contacts, null, size))
            .isEqualTo(readEntries(memory::contacts, null, size));
        assertThat(readEntries(disk::orders, null, size))
            .isEqualTo(readEntries(memory::orders, null, size));
      }
      checkResume(disk::accounts);
      checkResume(disk::contacts);
      checkResume(disk::orders);
      for (String id : List.of("A-1", "A-17", "A-299", "A-nope")) {
        assertThat(disk.account(id)).isEqualTo(memory.account(id));
        assertThat(disk.location(CrmRecordType.ACCOUNT, id))
            .isEqualTo(memory.location(CrmRecordType.ACCOUNT, id));
      }
      for (int i = 0; i < 600; i += 13) {
        assertThat(disk.location(CrmRecordType.CONTACT, "C-" + i))
            .isEqualTo(memory.location(CrmRecordType.CONTACT, "C-" + i));
        assertThat(disk.location(CrmRecordType.ORDER, "O-" + i))
            .isEqualTo(memory.location(CrmRecordType.ORDER, "O-" + i));
        assertThat(disk.location(CrmRecordType.ORDER_LINE, "L-" + i))
            .isEqualTo(memory.location(CrmRecordType.ORDER_LINE, "L-" + i));
      }
      assertThat(disk.location(CrmRecordType.ORDER_LINE, "L-3")).isPresent();
      assertThat(disk.heldInMemory())
          .as("only index samples are held, one per %d rows", CsvSpool.SAMPLE_EVERY)
          .isLessThan(memory.heldInMemory() / 20);
    }
  }

  /** Resuming after the cursor of any record, or just before it, returns exactly what follows. */
  private static <T extends CrmRecord> void checkResume(Function<CrmQuery, CrmPage<T>> reader) {
    List<CrmRecord> all = readCursored(reader, null, 50);
    assertThat(all).hasSizeGreaterThan(50);
    for (int k = 0; k < all.size(); k += 23) {
      ChangeCursor cursor = all.get(k).cursor();
      assertThat(ids(readCursored(reader, cursor, 9)))
          .as("after %s", cursor.asString())
          .isEqualTo(ids(all.stream().filter(r -> cursor.isBefore(r.cursor()))));
      ChangeCursor before = cursor.justBefore();
      assertThat(ids(readCursored(reader, before, 9)))
          .as("just before %s", cursor.asString())
          .isEqualTo(ids(all.stream().filter(r -> before.isBefore(r.cursor()))))
          .contains(ids(Stream.of(all.get(k))).get(0));
    }
  }

  private static List<String> ids(List<CrmRecord> records) {
    return ids(records.stream());
  }

  private static List<String> ids(Stream<CrmRecord> records) {
    return records
        .map(r -> (r instanceof CrmTombstone ? "-" : "") + r.crmId())
        .collect(Collectors.toList());
  }

  @Test
  void closeDeletesTheTemporaryFilesAndLaterReadsFail() throws IOException {
    writeRandomExport(dir, new Random(7), 200);
    CsvExportAdapter adapter =
        CsvExportAdapter.builder()
            .directory(dir)
            .memoryBudget(32 * 1024)
            .tempDirectory(sortDir)
            .build();
    assertThat(adapter.sortedOnDisk()).isTrue();
    try (Stream<Path> files = Files.list(sortDir)) {
      assertThat(files).hasSize(1);
    }
    assertThat(adapter.accounts(CrmQuery.first(null, 10)).records()).isNotEmpty();

    adapter.close();

    try (Stream<Path> files = Files.list(sortDir)) {
      assertThat(files).as("the sort directory is gone").isEmpty();
    }
    assertThatThrownBy(() -> adapter.accounts(CrmQuery.first(null, 10)))
        .isInstanceOf(CrmAdapterException.class)
        .hasMessageContaining("closed");
    adapter.close();
  }

  @Test
  void aSmallExportIsSortedInMemoryWithoutTemporaryFiles() throws IOException {
    writeRandomExport(dir, new Random(3), 200);
    try (CsvExportAdapter adapter =
        CsvExportAdapter.builder().directory(dir).tempDirectory(sortDir).build()) {
      assertThat(adapter.sortedOnDisk()).isFalse();
      try (Stream<Path> files = Files.list(sortDir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void aBuildThatFailsLeavesNoTemporaryFiles() throws IOException {
    writeRandomExport(dir, new Random(5), 20);
    Files.writeString(
        dir.resolve("orders.csv"), "order_id,account_id,line_id,sku,quantity\nO-1,\"A");
    assertThatThrownBy(this::adapter).isInstanceOf(CrmAdapterException.class);
    try (Stream<Path> files = Files.list(sortDir)) {
      assertThat(files).isEmpty();
    }
  }

  /**
   * An export of {@code n} accounts with about twice as many contacts and order lines: change times
   * drawn from a few days (many ties, some blank or malformed), repeated ids, bad values, removals,
   * and order lines scattered over the file.
   */
  static void writeRandomExport(Path dir, Random random, int n) throws IOException {
    List<String> accounts = new ArrayList<>();
    accounts.add("account_id,name,email,type,status,modified");
    for (int i = 0; i < n; i++) {
      String id = random.nextInt(40) == 0 ? "A-" + random.nextInt(i + 1) : "A-" + i;
      String name = random.nextInt(30) == 0 ? "" : "Account " + i;
      String email = random.nextInt(30) == 0 ? "bad-email" : "a" + i + "@example.com";
      String type = random.nextInt(5) == 0 ? "B2C" : "B2B";
      String status = random.nextInt(25) == 0 ? "deleted" : random.nextInt(60) == 0 ? "gone" : "";
      accounts.add(String.join(",", id, name, email, type, status, randomTime(random)));
    }
    Files.write(dir.resolve("accounts.csv"), accounts);

    List<String> contacts = new ArrayList<>();
    contacts.add("contact_id,account_id,name,email,status,modified");
    for (int i = 0; i < 2 * n; i++) {
      String id = random.nextInt(40) == 0 ? "C-" + random.nextInt(i + 1) : "C-" + i;
      String account = random.nextInt(40) == 0 ? "" : "A-" + random.nextInt(n);
      String status =
          random.nextInt(20) == 0 ? "inactive" : random.nextInt(20) == 0 ? "deleted" : "";
      contacts.add(
          String.join(
              ",",
              id,
              account,
              "Contact " + i,
              "c" + i + "@example.com",
              status,
              randomTime(random)));
    }
    Files.write(dir.resolve("contacts.csv"), contacts);

    List<String> lines = new ArrayList<>();
    lines.add("order_id,account_id,line_id,sku,quantity,status,cancelled_at,modified");
    int orders = n;
    for (int i = 0; i < 2 * n; i++) {
      int order = random.nextInt(orders);
      String orderId = random.nextInt(80) == 0 ? "" : "O-" + order;
      String account = random.nextInt(3) == 0 ? "" : "A-" + (order % n);
      if (random.nextInt(60) == 0) {
        account = "A-other";
      }
      String lineId = random.nextInt(50) == 0 ? "L-" + random.nextInt(i + 1) : "L-" + i;
      String quantity = random.nextInt(40) == 0 ? "x" : String.valueOf(1 + random.nextInt(9));
      boolean cancelled = random.nextInt(15) == 0;
      lines.add(
          String.join(
              ",",
              orderId,
              account,
              lineId,
              "SKU-" + random.nextInt(4),
              quantity,
              cancelled ? "cancelled" : "",
              cancelled && random.nextBoolean() ? "2026-05-01" : "",
              randomTime(random)));
    }
    Files.write(dir.resolve("orders.csv"), lines);
  }

  private static String randomTime(Random random) {
    int roll = random.nextInt(50);
    if (roll == 0) {
      return "";
    }
    if (roll == 1) {
      return "soon";
    }
    return "2026-03-0" + (1 + random.nextInt(5)) + "T1" + random.nextInt(3) + ":00:00Z";
  }
}
