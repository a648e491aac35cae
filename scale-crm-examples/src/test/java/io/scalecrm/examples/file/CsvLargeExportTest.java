package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory (issue 10): a large export is read through in a child JVM whose heap is far
 * smaller than the rows would take if held, and an adapter over a large export keeps only index
 * samples in memory. No time is asserted; {@link CsvLargeExport} documents how the 1M-record export
 * was measured.
 */
class CsvLargeExportTest {

  /**
   * The child's heap: the 75,000 rows held as records, as the adapter did before it streamed, do
   * not fit (it ran out of memory); streamed, they need a fraction of it.
   */
  private static final String CHILD_HEAP = "-Xmx32m";

  @TempDir Path dir;
  @TempDir Path tmp;

  @Test
  void aLargeExportReadsThroughInASmallHeapAndLeavesNoTemporaryFiles()
      throws IOException, InterruptedException {
    CsvLargeExport.Expected expected = CsvLargeExport.write(dir, 15_000, 35_000, 25_000);

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                CHILD_HEAP,
                "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                CsvLargeExport.class.getName(),
                "read",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor()).as("exit code of the child JVM; its output:%n%s", output).isZero();
    assertThat(output)
        .as("every record and tombstone read once, in cursor order")
        .contains(expected.summary());
    assertThat(expected.accountsDeleted()).isPositive();
    assertThat(expected.contactsRemoved()).isPositive();
    assertThat(expected.linesCancelled()).isPositive();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("scale-csv-")))
          .as("the sort directory is deleted on close")
          .isEmpty();
    }
  }

  @Test
  void anAdapterOverALargeExportHoldsOnlyIndexSamples() throws IOException {
    int rows = 5_000 + 12_000 + 8_000;
    CsvLargeExport.write(dir, 5_000, 12_000, 8_000);
    try (CsvExportAdapter adapter =
        CsvExportAdapter.builder()
            .directory(dir)
            .tempDirectory(tmp)
            .memoryBudget(256 * 1024)
            .build()) {
      assertThat(adapter.sortedOnDisk()).isTrue();
      // 3 files and 4 indexes (accounts, contacts, orders, lines): a sample per 128 rows each
      assertThat(adapter.heldInMemory()).isLessThanOrEqualTo(3L * rows / CsvSpool.SAMPLE_EVERY + 7);
      CrmPage<CrmAccount> page = adapter.accounts(CrmQuery.first(null, 1000));
      assertThat(page.records().size() + page.tombstones().size()).isEqualTo(1000);
      assertThat(adapter.account("A-4999")).isPresent();
      for (String line : List.of("L-0", "L-4000", "L-7999")) {
        assertThat(adapter.location(CrmRecordType.ORDER_LINE, line))
            .hasValueSatisfying(where -> assertThat(where).startsWith("orders.csv row "));
      }
    }
  }
}
