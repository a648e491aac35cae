package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The README's SDK snippets are this file's code: each region between {@code tag::name} and {@code
 * end::name} must appear verbatim in README.md after {@code <!-- snippet: name -->}, so the docs
 * never show code that does not compile.
 */
class ReadmeSnippetsTest {

  @SuppressWarnings("unused")
  static void usage(CrmAdapter adapter, Logger log) {
    // tag::usage[]
    ScaleConnection scale = ScaleConnection.builder().fromEnvironment().build(); // SCALE_API_URL...
    CrmSync crmSync =
        CrmSync.builder()
            .connection(scale)
            .mapping(
                CrmMapping.builder("hubspot").skus(SkuTable.load(Path.of("sku-map.csv"))).build())
            .build();

    // One record at a time: the same steps as a bulk sync, idempotent, never throws.
    RecordResult account = crmSync.apply(CrmAccount.b2b("123", "Acme Oy"));
    RecordResult ann = crmSync.apply(CrmContact.person("456", "123", "Ann", "ann@acme.example"));
    RecordResult order =
        crmSync.apply(CrmOrder.of("D-9", "123", List.of(CrmOrderLine.of("L-1", "PRO-1Y", 25))));
    if (order.pending()) {
      // something other than the record's own data failed: apply it again later
    }

    // Or a whole CRM through an adapter: bounded concurrency, checkpoints with pending records,
    // dry runs, a removal guard, a report.
    SyncReport report =
        crmSync.sync(
            adapter,
            SyncOptions.builder()
                .checkpoints(CheckpointStore.file(Path.of("checkpoints.json")))
                .build());
    report.failures().forEach(f -> log.warn("not synced: {}", f)); // record, field, reason, kind
    if (!report.complete()) {
      // records are pending (or the run stopped: report.stopped()); the next run retries them
    }
    // end::usage[]
  }

  @Test
  void readmeSnippetsAreThisFilesCode() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    String source =
        Files.readString(Path.of("src/test/java/io/scalecrm/crm/ReadmeSnippetsTest.java"));
    for (String name : List.of("usage")) {
      String snippet = region(source, name);
      String marker = "<!-- snippet: " + name + " -->\n```java\n";
      int at = text.indexOf(marker);
      assertThat(at).as("README.md has a snippet marker for " + name).isNotNegative();
      int end = text.indexOf("```", at + marker.length());
      assertThat(text.substring(at + marker.length(), end)).isEqualTo(snippet);
    }
  }

  private static String region(String source, String name) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    int indent = Integer.MAX_VALUE;
    for (String line : source.split("\n", -1)) {
      if (line.contains("// end::" + name + "[]")) {
        break;
      }
      if (in) {
        lines.add(line);
        if (!line.isBlank()) {
          indent = Math.min(indent, line.length() - line.stripLeading().length());
        }
      }
      if (line.contains("// tag::" + name + "[]")) {
        in = true;
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
