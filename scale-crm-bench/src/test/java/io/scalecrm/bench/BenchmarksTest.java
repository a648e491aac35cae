package io.scalecrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The whole benchmark pipeline at a tiny size: every kind of run, the separate sandbox and CLI
 * processes, JMH in process, and the files it writes. It checks counts and consistency, never time.
 */
class BenchmarksTest {
  @TempDir Path root;

  @Test
  void runsEveryBenchmarkAtATinySizeAndWritesTheReport() throws Exception {
    Benchmarks.Options options =
        Benchmarks.Options.parse(
            "--root",
            root.toString(),
            "--sizes",
            "50",
            "--latency-sizes",
            "50",
            "--concurrency",
            "2",
            "--latency-ms",
            "0",
            "--calls-concurrency",
            "2",
            "--quick-jmh",
            "--huge",
            "--huge-records",
            "100",
            "--huge-concurrency",
            "2",
            "--cli-heap",
            "256m",
            "--sandbox-heap",
            "256m");
    Results results = Benchmarks.run(options, new PrintStream(OutputStream.nullOutputStream()));
    Benchmarks.write(root, results);

    // the sync's own call count equals what the sandbox received, in every SDK run
    assertThat(results.runs()).hasSize(4);
    for (Run run : results.runs()) {
      assertThat(run.complete()).as(run.problem()).isTrue();
      assertThat(run.reportedCalls()).as(run.scenario().title()).isEqualTo(run.calls());
      assertThat(run.callsByOperation().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(run.calls());
      assertThat(run.records()).isEqualTo(50);
    }
    Run first = results.run(Scenario.FIRST_SYNC, "50").orElseThrow();
    Run full = results.run(Scenario.FULL_RESYNC, "50").orElseThrow();
    Run checkpointed = results.run(Scenario.CHECKPOINTED_RESYNC, "50").orElseThrow();
    Run changed = results.run(Scenario.CHANGED, "50").orElseThrow();
    // 10 accounts (2 B2C), 25 contacts (2 of them the B2C persons), 15 lines: every licensee,
    // every consumer but the two the B2C setups made, every line is written once
    assertThat(first.callsByOperation())
        .containsEntry("setupOrganization", 8L)
        .containsEntry("setupUser", 2L)
        .containsEntry("createLicenseConsumer", 23L);
    assertThat(first.callsByOperation().get("grantLicensesByProductConfig")).isPositive();
    assertThat(full.writes()).isZero();
    assertThat(full.calls()).isPositive();
    assertThat(checkpointed.calls()).isZero();
    // 1 account and 1 contact renamed, 1 new line
    assertThat(changed.changedRecords()).isEqualTo(3);
    assertThat(changed.callsByOperation())
        .containsEntry("updateLicensee", 1L)
        .containsEntry("updateLicenseConsumer", 1L)
        .containsEntry("grantLicensesByProductConfig", 1L);

    // the latency run and the naive flow write the same entities
    assertThat(results.latencyRuns()).hasSize(2);
    Run latency = results.latencyRun(Scenario.FIRST_SYNC, "50", 2).orElseThrow();
    Run naive = results.latencyRun(Scenario.NAIVE_FIRST_SYNC, "50", 1).orElseThrow();
    assertThat(latency.complete()).as(latency.problem()).isTrue();
    assertThat(latency.reportedCalls()).isEqualTo(latency.calls());
    assertThat(naive.complete()).as(naive.problem()).isTrue();
    assertThat(naive.reportedCalls()).isEqualTo(-1);
    for (String op :
        new String[] {"setupOrganization", "setupUser", "grantLicensesByProductConfig"}) {
      assertThat(naive.callsByOperation().get(op))
          .as(op)
          .isEqualTo(first.callsByOperation().get(op));
    }
    assertThat(naive.callsByOperation()).containsEntry("createLicenseConsumer", 23L);
    // one access grant per contact, one lookup by natural id per account
    assertThat(naive.callsByOperation())
        .containsEntry("grantAccessToDefaultContainer", 25L)
        .containsEntry("findLicenseeByNaturalId", 10L);

    // the CLI in its own JVM against the sandbox process
    Huge.Figures huge = results.huge();
    assertThat(huge).isNotNull();
    assertThat(huge.exitCode()).as(huge.problem()).isZero();
    assertThat(huge.complete()).isTrue();
    assertThat(huge.records()).isEqualTo(100);
    assertThat(huge.callsByOperation()).containsEntry("setupOrganization", 16L);
    assertThat(huge.reportedCalls()).isPositive().isLessThanOrEqualTo(huge.calls());
    assertThat(huge.gcs()).isNotNegative();

    assertThat(results.overhead()).isNotNull();
    assertThat(results.overhead().sdkMicros()).isPositive();
    assertThat(results.overhead().rawMicros()).isPositive();

    String md = Files.readString(root.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("## Issue 10's targets")
        .contains("| First sync: calls per write at 50 | ≤ 1.15 |")
        .contains("## Calls per record and per write")
        .contains("### Calls by operation")
        .contains("## Elapsed time against the latency bound")
        .contains("## 1M-record export through the CLI")
        .contains("## Per-call overhead (JMH)")
        .contains("](docs/bench/calls-per-record.svg)")
        .contains("](docs/bench/throughput.svg)")
        .contains(
            String.format(java.util.Locale.ROOT, "| %d (%d) |", first.calls(), first.calls()));
    for (String chart : new String[] {"calls-per-record.svg", "throughput.svg"}) {
      Path file = root.resolve("docs/bench").resolve(chart);
      Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(svg.getElementsByTagName("polyline").getLength()).as(chart).isPositive();
    }
    // --from rewrites the same report from the JSON alone
    Results again = Benchmarks.read(root.resolve("docs/bench/results.json"));
    assertThat(again).isEqualTo(results);
    Files.delete(root.resolve("BENCHMARKS.md"));
    Benchmarks.main(
        new String[] {
          "--root", root.toString(), "--from", root.resolve("docs/bench/results.json").toString()
        });
    assertThat(Files.readString(root.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8))
        .isEqualTo(md);
    JsonNode json = new ObjectMapper().readTree(root.resolve("docs/bench/results.json").toFile());
    assertThat(json.path("runs").get(0).path("calls").asLong()).isEqualTo(first.calls());
    assertThat(json.path("huge").path("exitCode").asInt()).isZero();
  }
}
