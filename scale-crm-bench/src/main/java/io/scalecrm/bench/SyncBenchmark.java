package io.scalecrm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.crm.CheckpointStore;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.SyncOptions;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures whole syncs against the sandbox: wall time and records per second of a first run (all
 * creates) and a second run (all unchanged), and Scale API calls per record, for several data sizes
 * and concurrency levels, with a simulated network latency per call. Writes the numbers to a JSON
 * results file; prints a table.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl scale-crm-bench exec:java \
 *     -Dexec.args="--accounts 50,200 --concurrency 1,4,8 --latency-ms 10 --out target/benchmark-results.json"
 * </pre>
 */
public final class SyncBenchmark {
  private SyncBenchmark() {}

  /** One measured configuration. */
  record Result(
      int accounts,
      int records,
      int concurrency,
      int latencyMs,
      double firstRunSeconds,
      double firstRunRecordsPerSecond,
      long firstRunApiCalls,
      double firstRunApiCallsPerRecord,
      long firstRunWrites,
      double secondRunSeconds,
      long secondRunApiCalls,
      double secondRunApiCallsPerRecord,
      long secondRunWrites,
      Map<String, Long> firstRunCallsByOperation) {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code --accounts 50,200 --concurrency 1,4,8 --latency-ms 10 --out FILE}
   * @throws IOException when the results file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<Integer> sizes = ints(opts.getOrDefault("accounts", "50,200"));
    List<Integer> levels = ints(opts.getOrDefault("concurrency", "1,4,8"));
    int latency = Integer.parseInt(opts.getOrDefault("latency-ms", "10"));
    Path out = Path.of(opts.getOrDefault("out", "target/benchmark-results.json"));
    List<Result> results = run(sizes, levels, latency, System.out);
    write(out, sizes, levels, latency, results);
    System.out.println("Results written to " + out.toAbsolutePath());
  }

  static List<Result> run(
      List<Integer> sizes, List<Integer> levels, int latencyMs, PrintStream log) {
    List<Result> results = new ArrayList<>();
    log.printf(
        "%8s %8s %5s %10s %10s %12s %10s %12s%n",
        "accounts", "records", "conc", "run1 s", "rec/s", "calls/rec", "run2 s", "calls/rec 2");
    for (int size : sizes) {
      for (int concurrency : levels) {
        Result r = measure(size, concurrency, latencyMs);
        results.add(r);
        log.printf(
            "%8d %8d %5d %10.2f %10.1f %12.2f %10.2f %12.2f%n",
            r.accounts(),
            r.records(),
            r.concurrency(),
            r.firstRunSeconds(),
            r.firstRunRecordsPerSecond(),
            r.firstRunApiCallsPerRecord(),
            r.secondRunSeconds(),
            r.secondRunApiCallsPerRecord());
      }
    }
    return results;
  }

  static Result measure(int accounts, int concurrency, int latencyMs) {
    SandboxProduct pro = SandboxProduct.of("bench-pro", "Bench Pro", "a", "b");
    SandboxProduct basic = SandboxProduct.of("bench-basic", "Bench Basic", "a");
    try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey();
        ScaleConnection connection =
            ScaleConnection.builder()
                .baseUrl(sandbox.baseUrl())
                .credentials(
                    ScaleJwtCredentials.builder()
                        .keyId(sandbox.generatedKeyId())
                        .issuer("bench")
                        .subject("bench")
                        .privateKeyPem(sandbox.generatedPrivateKeyPem())
                        .build())
                .retryPolicy(RetryPolicy.defaults())
                .build()) {
      sandbox.seedProductConfiguration(pro);
      sandbox.seedProductConfiguration(basic);
      if (latencyMs > 0) {
        sandbox.faults().latency(Duration.ofMillis(latencyMs));
      }
      CrmSync crm =
          CrmSync.builder()
              .connection(connection)
              .mapping(
                  CrmMapping.builder("bench")
                      .skus(
                          SkuTable.of(
                              Map.of(
                                  "PRO", pro.productConfigId(), "BASIC", basic.productConfigId())))
                      .build())
              .build();
      BenchCrm data = BenchCrm.of(accounts);
      // No checkpoints: the second run is a full replay (every record read, compared, unchanged),
      // not an incremental run that reads nothing new.
      SyncOptions options =
          SyncOptions.builder()
              .concurrency(concurrency)
              .pageSize(100)
              .checkpoints(CheckpointStore.none())
              .build();
      long t0 = System.nanoTime();
      SyncReport first = crm.sync(data, options);
      long t1 = System.nanoTime();
      SyncReport second = crm.sync(data, options);
      long t2 = System.nanoTime();
      if (!first.successful() || !second.successful()) {
        throw new IllegalStateException(
            "Benchmark sync failed: " + first.failures() + second.failures());
      }
      int records = records(first);
      double s1 = (t1 - t0) / 1e9;
      double s2 = (t2 - t1) / 1e9;
      return new Result(
          accounts,
          records,
          concurrency,
          latencyMs,
          round(s1),
          round(records / s1),
          first.apiCallsTotal(),
          round((double) first.apiCallsTotal() / records),
          first.writes(),
          round(s2),
          second.apiCallsTotal(),
          round((double) second.apiCallsTotal() / records),
          second.writes(),
          first.apiCalls());
    }
  }

  /** Accounts, contacts and order lines handled. */
  static int records(SyncReport report) {
    return report.countsOf(CrmRecordType.ACCOUNT).total()
        + report.countsOf(CrmRecordType.CONTACT).total()
        + report.countsOf(CrmRecordType.ORDER_LINE).total();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.strip()));
    }
    return out;
  }

  static void write(
      Path out, List<Integer> sizes, List<Integer> levels, int latency, List<Result> results)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", "SyncBenchmark");
    doc.put("measuredAt", Instant.now().toString());
    doc.put("java", System.getProperty("java.version"));
    doc.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("simulatedLatencyMsPerCall", latency);
    doc.put("accounts", sizes);
    doc.put("concurrency", levels);
    doc.put("results", results);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
  }
}
