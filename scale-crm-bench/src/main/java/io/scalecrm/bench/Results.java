package io.scalecrm.bench;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one benchmark command measured; written as {@code docs/bench/results.json} and turned
 * into BENCHMARKS.md.
 *
 * @param machine where it ran
 * @param arguments the command's arguments
 * @param latencyMs latency injected per call in the latency runs
 * @param runs the call-count runs (first sync, resyncs, 1 % changed) per size, no latency
 * @param latencyRuns first syncs with latency, per size and concurrency, and the naive flow's
 * @param overhead the JMH figures, or {@code null} when not run
 * @param huge the large CLI run, or {@code null} when not run
 * @param hugeFrom the results file the large run's figures were taken from, or empty when this run
 *     made them
 */
record Results(
    Machine machine,
    String arguments,
    int latencyMs,
    List<Run> runs,
    List<Run> latencyRuns,
    Jmh.@Nullable Overhead overhead,
    Huge.@Nullable Figures huge,
    String hugeFrom) {

  Results {
    hugeFrom = hugeFrom == null ? "" : hugeFrom;
  }

  Optional<Run> run(Scenario scenario, String size) {
    return runs.stream().filter(r -> r.scenario() == scenario && r.size().equals(size)).findFirst();
  }

  Optional<Run> latencyRun(Scenario scenario, String size, int concurrency) {
    return latencyRuns.stream()
        .filter(
            r ->
                r.scenario() == scenario
                    && r.size().equals(size)
                    && (scenario == Scenario.NAIVE_FIRST_SYNC || r.concurrency() == concurrency))
        .findFirst();
  }

  List<String> sizes() {
    return runs.stream().map(Run::size).distinct().toList();
  }

  List<String> latencySizes() {
    return latencyRuns.stream().map(Run::size).distinct().toList();
  }

  /**
   * The machine.
   *
   * @param cores available processors
   * @param memoryGb physical memory, GB (0 when unknown)
   * @param jdk {@code java.vm.name} and {@code java.runtime.version}
   * @param os name, version and architecture
   * @param date the day of the run (UTC)
   * @param loadAverage the system load average over the last minute at the start (-1 when unknown)
   */
  record Machine(
      int cores, double memoryGb, String jdk, String os, String date, double loadAverage) {
    static Machine current() {
      double memory = 0;
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        memory = Math.round(os.getTotalMemorySize() / 1e8) / 10.0;
      }
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          memory,
          System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch"),
          LocalDate.now(ZoneOffset.UTC).toString(),
          Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
              / 100.0);
    }
  }
}
