package io.scalecrm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalecrm.crm.CheckpointStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark command: measures the sync side by side with a naive flow and regenerates
 * BENCHMARKS.md, {@code docs/bench/*.svg} and {@code docs/bench/results.json}.
 *
 * <pre>
 * mvn -B -q -Pquick,bench -pl scale-crm-bench -am verify -DskipTests [-Dbench.args="--huge"]
 * </pre>
 *
 * <p>Options (all optional):
 *
 * <pre>
 * --root DIR              repository root, where BENCHMARKS.md and docs/bench/ go (default .)
 * --sizes N,N             records per export for the call counts (default 1000,10000,100000)
 * --latency-sizes N,N     records per export for the latency runs and the naive flow
 *                         (default 1000,10000)
 * --concurrency N,N       concurrency levels of the latency runs (default 1,4,16,64)
 * --latency-ms N          latency injected per call in the latency runs (default 20)
 * --calls-concurrency N   concurrency of the call-count runs, no latency (default 8)
 * --huge                  also run the CLI on a 1M-record export in a -Xmx256m JVM against a
 *                         sandbox in another process (many minutes)
 * --huge-records N        records of that export (default 1000000)
 * --huge-concurrency N    the CLI's --concurrency in that run (default 16)
 * --cli-heap SIZE         the CLI JVM's -Xmx (default 256m)
 * --sandbox-heap SIZE     the sandbox process's -Xmx (default 6g)
 * --cli-jar FILE          run the runnable jar instead of FileSyncCli from the class path
 * --huge-results FILE     without --huge: show the 1M figures of an earlier run's
 *                         docs/bench/results.json (the 1M run takes long)
 * --from FILE             measure nothing: rewrite the report from a results.json (with
 *                         --huge-results, taking the 1M figures from another one)
 * --no-jmh                skip the JMH per-call overhead
 * --quick-jmh             a short in-process JMH run (a smoke test, not a figure)
 * --stall-seconds N       give a run up as hung after N s without a Scale call (default 180)
 * --work DIR              scratch directory (default ROOT/scale-crm-bench/target/bench-work)
 * </pre>
 */
public final class Benchmarks {
  private Benchmarks() {}

  /** The parsed command line. */
  static final class Options {
    Path root = Path.of(".");
    List<Integer> sizes = List.of(1000, 10_000, 100_000);
    List<Integer> latencySizes = List.of(1000, 10_000);
    List<Integer> concurrency = List.of(1, 4, 16, 64);
    int latencyMs = 20;
    int callsConcurrency = 8;
    boolean huge;
    int hugeRecords = 1_000_000;
    int hugeConcurrency = 16;
    String cliHeap = "256m";
    String sandboxHeap = "6g";
    @Nullable Path cliJar;
    @Nullable Path hugeResults;
    @Nullable Path from;
    boolean jmh = true;
    boolean quickJmh;
    @Nullable Path work;
    String arguments = "";

    static Options parse(String... args) {
      Options o = new Options();
      List<String> shown = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.isBlank()) {
          continue;
        }
        switch (a) {
          case "--huge":
          case "huge":
            o.huge = true;
            shown.add("--huge");
            continue;
          case "--no-jmh":
            o.jmh = false;
            shown.add(a);
            continue;
          case "--quick-jmh":
            o.quickJmh = true;
            shown.add(a);
            continue;
          default:
            break;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + a);
        }
        String v = args[++i];
        if (!a.equals("--root") && !a.equals("--work")) {
          shown.add(a + " " + v);
        }
        switch (a) {
          case "--root" -> o.root = Path.of(v);
          case "--sizes" -> o.sizes = ints(v);
          case "--latency-sizes" -> o.latencySizes = ints(v);
          case "--concurrency" -> o.concurrency = ints(v);
          case "--latency-ms" -> o.latencyMs = Integer.parseInt(v);
          case "--calls-concurrency" -> o.callsConcurrency = Integer.parseInt(v);
          case "--huge-records" -> o.hugeRecords = Integer.parseInt(v);
          case "--huge-concurrency" -> o.hugeConcurrency = Integer.parseInt(v);
          case "--cli-heap" -> o.cliHeap = v;
          case "--sandbox-heap" -> o.sandboxHeap = v;
          case "--cli-jar" -> o.cliJar = Path.of(v);
          case "--huge-results" -> o.hugeResults = Path.of(v);
          case "--stall-seconds" -> Watchdog.stallSeconds = Integer.parseInt(v);
          case "--from" -> o.from = Path.of(v);
          case "--work" -> o.work = Path.of(v);
          default -> throw new IllegalArgumentException("Unknown option " + a);
        }
      }
      o.arguments = String.join(" ", shown);
      return o;
    }

    String hugeFrom() {
      return hugeResults == null ? "" : hugeResults.toString();
    }

    Path work() {
      return work != null ? work : root.resolve("scale-crm-bench/target/bench-work");
    }

    private static List<Integer> ints(String csv) {
      List<Integer> out = new ArrayList<>();
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(Integer.parseInt(s.strip()));
        }
      }
      return out;
    }
  }

  /**
   * Runs the benchmarks and writes the results.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    Options options = Options.parse(args);
    if (options.from != null) {
      Results earlier = read(options.from);
      if (options.hugeResults != null) {
        earlier =
            new Results(
                earlier.machine(),
                earlier.arguments(),
                earlier.latencyMs(),
                earlier.runs(),
                earlier.latencyRuns(),
                earlier.overhead(),
                earlierHuge(options.hugeResults),
                options.hugeFrom());
      }
      write(options.root, earlier);
      System.out.println(
          "Rewrote " + options.root.resolve("BENCHMARKS.md").toAbsolutePath().normalize());
      return;
    }
    Results results = run(options, System.out, partial -> write(options.root, partial));
    write(options.root, results);
    System.out.println(
        "Wrote " + options.root.resolve("BENCHMARKS.md").toAbsolutePath().normalize());
  }

  static Results run(Options o, PrintStream log) {
    return run(o, log, partial -> {});
  }

  /**
   * Runs the benchmarks.
   *
   * @param partial called with the results so far after each part, so that a long run that is
   *     stopped still leaves its figures
   */
  static Results run(Options o, PrintStream log, Consumer<Results> partial) {
    Results.Machine machine = Results.Machine.current();
    log.printf(
        Locale.ROOT,
        "Benchmarks on %d cores, %s, %s (load average %.2f)%n",
        machine.cores(),
        machine.jdk(),
        machine.os(),
        machine.loadAverage());
    Path work = o.work();
    List<Run> runs = new ArrayList<>();
    for (int records : o.sizes) {
      runs.addAll(callCounts(Export.ofRecords(records), work, o.callsConcurrency, log));
    }
    Huge.Figures earlier = o.hugeResults == null ? null : earlierHuge(o.hugeResults);
    partial.accept(
        new Results(
            machine, o.arguments, o.latencyMs, runs, List.of(), null, earlier, o.hugeFrom()));
    List<Run> latency = new ArrayList<>();
    for (int records : o.latencySizes) {
      latency.addAll(latencyRuns(Export.ofRecords(records), work, o, log));
      partial.accept(
          new Results(
              machine, o.arguments, o.latencyMs, runs, latency, null, earlier, o.hugeFrom()));
    }
    Jmh.Overhead overhead = null;
    if (o.jmh) {
      log.println("JMH: per-call overhead of the SDK against a bare HttpClient request");
      try {
        overhead = Jmh.run(o.quickJmh);
      } catch (RuntimeException e) {
        log.println("  JMH failed: " + e);
        overhead = null;
      }
      if (overhead != null) {
        log.printf(
            Locale.ROOT,
            "  sdk %.1f µs, raw %.1f µs: %.2f×%n",
            overhead.sdkMicros(),
            overhead.rawMicros(),
            overhead.ratio());
      }
    }
    Huge.Figures huge = earlier;
    if (o.huge) {
      partial.accept(
          new Results(machine, o.arguments, o.latencyMs, runs, latency, overhead, null, ""));
      Export export = Export.ofRecords(o.hugeRecords);
      log.printf("Large run: %s records through the CLI%n", export.label());
      try {
        huge = Huge.run(export, work, o.cliHeap, o.sandboxHeap, o.hugeConcurrency, o.cliJar, log);
      } catch (RuntimeException e) {
        // the other figures are still worth writing; the report shows why this one is missing
        huge =
            new Huge.Figures(
                export.label(),
                export.records(),
                o.hugeConcurrency,
                o.cliHeap,
                0,
                -1,
                0,
                0,
                -1,
                false,
                Double.NaN,
                Double.NaN,
                0,
                java.util.Map.of(),
                "the run could not be made: " + e);
      }
      log.printf(
          Locale.ROOT,
          "  exit %d, %.0f s, %d calls, peak heap %.0f MB (live %.0f MB)%n",
          huge.exitCode(),
          huge.seconds(),
          huge.calls(),
          huge.peakHeapMb(),
          huge.peakLiveMb());
    }
    deleteQuietly(work);
    return new Results(
        machine,
        o.arguments,
        o.latencyMs,
        runs,
        latency,
        overhead,
        huge,
        o.huge ? "" : o.hugeFrom());
  }

  /** An earlier run's {@code results.json}. */
  static Results read(Path resultsJson) {
    try {
      return new ObjectMapper().readValue(resultsJson.toFile(), Results.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resultsJson, e);
    }
  }

  /** The 1M figures of an earlier run's {@code results.json}. */
  static Huge.Figures earlierHuge(Path resultsJson) {
    try {
      ObjectMapper json = new ObjectMapper();
      com.fasterxml.jackson.databind.JsonNode huge =
          json.readTree(resultsJson.toFile()).get("huge");
      if (huge == null || huge.isNull()) {
        throw new IllegalArgumentException(resultsJson + " has no figures of a --huge run");
      }
      return json.treeToValue(huge, Huge.Figures.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resultsJson, e);
    }
  }

  /** First sync, full resync, checkpointed resync and 1 % changed, on one sandbox, no latency. */
  static List<Run> callCounts(Export export, Path work, int concurrency, PrintStream log) {
    Path dir = work.resolve("calls-" + export.label());
    export.write(dir, false);
    List<Run> out = new ArrayList<>();
    log.printf("Call counts, %s export (%d records)%n", export.label(), export.records());
    try (Target target = Target.start(Math.max(16, concurrency * 2))) {
      CheckpointStore checkpoint = CheckpointStore.inMemory();
      for (Scenario s : Scenario.CALL_COUNTS) {
        if (s == Scenario.CHANGED) {
          export.write(dir, true);
        }
        CheckpointStore store = s == Scenario.FULL_RESYNC ? CheckpointStore.none() : checkpoint;
        Run run = logged(log, SdkSync.run(target, s, export, dir, store, concurrency, 0));
        out.add(run);
        if (run.problem().startsWith("hung")) {
          log.println("  the run hung: the rest of this size is skipped");
          break;
        }
      }
    }
    deleteQuietly(dir);
    return out;
  }

  /**
   * First syncs with latency at each concurrency, then the naive flow, each into an empty Scale.
   */
  static List<Run> latencyRuns(Export export, Path work, Options o, PrintStream log) {
    Path dir = work.resolve("latency-" + export.label());
    export.write(dir, false);
    List<Run> out = new ArrayList<>();
    int maxConcurrency = o.concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    log.printf(
        "Latency runs, %s export, %d ms per call (bound = calls × latency ÷ concurrency)%n",
        export.label(), o.latencyMs);
    try (Target target = Target.start(Math.min(256, Math.max(16, maxConcurrency * 2)))) {
      for (int c : o.concurrency) {
        target.reset(o.latencyMs);
        out.add(
            logged(
                log,
                SdkSync.run(
                    target,
                    Scenario.FIRST_SYNC,
                    export,
                    dir,
                    CheckpointStore.none(),
                    c,
                    o.latencyMs)));
      }
      target.reset(o.latencyMs);
      out.add(logged(log, NaiveFlow.run(target, export, dir, o.latencyMs)));
    }
    deleteQuietly(dir);
    return out;
  }

  private static Run logged(PrintStream log, Run r) {
    log.printf(
        Locale.ROOT,
        "  %-34s %5s conc %2d: %8d calls (%.3f/record), %7d writes, %8.2f s%s%s%n",
        r.scenario().title(),
        r.size(),
        r.concurrency(),
        r.calls(),
        r.callsPerRecord(),
        r.writes(),
        r.seconds(),
        r.latencyMs() > 0 ? String.format(Locale.ROOT, " (%.2f× the bound)", r.ratioToBound()) : "",
        r.complete() ? "" : "  INCOMPLETE: " + r.problem());
    return r;
  }

  /** Writes BENCHMARKS.md, the two charts and the JSON results. */
  static void write(Path root, Results results) {
    try {
      Path docs = root.resolve(Markdown.CHART_DIR);
      Files.createDirectories(docs);
      Files.writeString(
          docs.resolve(Markdown.CALLS_CHART),
          Charts.callsPerRecord(results),
          StandardCharsets.UTF_8);
      Files.writeString(
          docs.resolve(Markdown.THROUGHPUT_CHART),
          Charts.throughput(results),
          StandardCharsets.UTF_8);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(docs.resolve("results.json").toFile(), results);
      Files.writeString(
          root.resolve("BENCHMARKS.md"), Markdown.render(results), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the results under " + root, e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // scratch files only
    }
  }
}
