package io.scalecrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs and writes its numbers; it asserts call counts, never time. */
class SyncBenchmarkTest {
  @TempDir Path dir;

  @Test
  void writesResultsAndTheSecondRunOnlyReads() throws Exception {
    List<SyncBenchmark.Result> results =
        SyncBenchmark.run(
            List.of(10), List.of(2), 0, new PrintStream(OutputStream.nullOutputStream()));
    Path out = dir.resolve("results.json");
    SyncBenchmark.write(out, List.of(10), List.of(2), 0, results);

    SyncBenchmark.Result r = results.get(0);
    // 10 accounts (2 B2C), 26 contacts, 20 lines
    assertThat(r.records()).isEqualTo(56);
    assertThat(r.firstRunWrites()).isPositive();
    assertThat(r.secondRunWrites()).isZero();
    // the replay reads every record again (at least one lookup per account, contact and order),
    // and stays cheaper than the first run
    assertThat(r.secondRunApiCalls())
        .isGreaterThanOrEqualTo(10 + 26 + 10)
        .isLessThan(r.firstRunApiCalls());
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.path("results").get(0).path("records").asInt()).isEqualTo(56);
    assertThat(
            json.path("results").get(0).path("firstRunCallsByOperation").path("setupUser").asInt())
        .isEqualTo(2);
  }
}
