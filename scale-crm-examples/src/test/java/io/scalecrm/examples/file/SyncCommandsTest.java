package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.examples.runner.StopSignal;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands beside {@code sync}: {@code check}, {@code sandbox}, and the graceful stop of single
 * and scheduled ({@code --every}) runs, each against a sandbox over real HTTP.
 */
class SyncCommandsTest {
  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Path CLEAN = Path.of("samples", "clean");
  private static final Path SKU_MAP = Path.of("samples", "sku-map.csv");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ScaleSandbox sandbox;
  private Path keyFile;

  @BeforeEach
  void startSandbox() throws IOException {
    sandbox = ScaleSandbox.builder().generateKey().build().start();
    SkuMapProducts.read(SKU_MAP).forEach(sandbox::seedProductConfiguration);
    keyFile = dir.resolve("key.pem");
    Files.writeString(keyFile, sandbox.generatedPrivateKeyPem(), StandardCharsets.US_ASCII);
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  /** A CLI run in progress or done: its output so far and its exit code. */
  private static final class Running {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final StopSignal stop = new StopSignal();
    CompletableFuture<Integer> exit;

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    int exitCode() throws Exception {
      return exit.get(2, TimeUnit.MINUTES);
    }
  }

  private static Running start(Map<String, String> env, List<String> args) {
    Running r = new Running();
    FileSyncCli cli =
        new FileSyncCli(
            new PrintStream(r.out, true, StandardCharsets.UTF_8),
            new PrintStream(r.err, true, StandardCharsets.UTF_8),
            env,
            r.stop);
    // a thread of its own: a run may block (sandbox, --every) while others go on, whatever the
    // common pool's size
    r.exit = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                r.exit.complete(cli.run(args.toArray(new String[0])));
              } catch (Throwable t) {
                r.exit.completeExceptionally(t);
              }
            },
            "cli-" + args.get(0));
    thread.setDaemon(true);
    thread.start();
    return r;
  }

  private static Running run(Map<String, String> env, List<String> args) throws Exception {
    Running r = start(env, args);
    r.exitCode();
    return r;
  }

  private List<String> scale() {
    return List.of(
        "--scale-url",
        sandbox.baseUrl().toString(),
        "--key-id",
        sandbox.generatedKeyId(),
        "--issuer",
        "commands-test",
        "--subject",
        "commands-test",
        "--private-key",
        keyFile.toString());
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  /** Polls until the condition holds; a bounded wait, never a timing assertion. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private long writes() {
    return sandbox.journal().entries().stream()
        .filter(e -> SyncReport.WRITE_OPERATIONS.contains(e.operationId()))
        .count();
  }

  // ------------------------------------------------------------------ check

  private List<String> checkArgs() {
    List<String> all = new ArrayList<>(List.of("check"));
    all.addAll(concat(scale(), "--input", CLEAN.toString()));
    return all;
  }

  @Test
  void checkReportsEveryMissingSettingAtOnceOnOneLine() throws Exception {
    Running r = run(Map.of(), List.of("check", "--input", CLEAN.toString()));

    assertThat(r.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(r.err().lines().findFirst().orElseThrow())
        .contains(
            "--scale-url (or SCALE_API_URL) is not set",
            "--key-id (or SCALE_JWT_KEY_ID) is not set",
            "--issuer (or SCALE_JWT_ISSUER) is not set",
            "--subject (or SCALE_JWT_SUBJECT) is not set",
            "--private-key (or SCALE_PRIVATE_KEY_FILE, or SCALE_PRIVATE_KEY) is not set");
    assertThat(r.err()).doesNotContain("Exception");

    Running missingMapToo =
        run(Map.of(), List.of("check", "--input", CLEAN.toString(), "--sku-map", "nope.csv"));
    assertThat(missingMapToo.err().lines().findFirst().orElseThrow())
        .contains("--sku-map nope.csv is not a readable file")
        .contains("--scale-url (or SCALE_API_URL) is not set");
  }

  @Test
  void checkReadsScaleAndWritesNothing() throws Exception {
    Running r = run(Map.of(), checkArgs());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(r.out()).contains("settings: ok", "connection and credentials: ok", "SKU map: ok");
    assertThat(sandbox.journal().entries()).as("it read").isNotEmpty();
    assertThat(writes()).isZero();
  }

  @Test
  void checkFindsASkuWhoseProductConfigurationScaleDoesNotHaveBeforeAnythingIsWritten()
      throws Exception {
    Path skuMap = dir.resolve("sku-map.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(SKU_MAP));
    lines.add("GHOST-1Y,3f6c1d2e-8a4b-4c5d-9e0f-000000000404,Ghost,none");
    Files.write(skuMap, lines);
    List<String> args = checkArgs();
    args.addAll(List.of("--sku-map", skuMap.toString()));

    Running r = run(Map.of(), args);

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(r.err()).contains("SKU GHOST-1Y").doesNotContain("STUDIO-PRO-1Y");
    assertThat(r.out()).contains("connection and credentials: ok", "fix the SKU map");
    assertThat(writes()).isZero();
  }

  @Test
  void checkExitsWith3WhenScaleIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "SCALE_API_URL", "http://127.0.0.1:" + closedPort,
            "SCALE_JWT_KEY_ID", "k",
            "SCALE_JWT_ISSUER", "i",
            "SCALE_JWT_SUBJECT", "s",
            "SCALE_PRIVATE_KEY_FILE", keyFile.toString());

    Running r = run(env, List.of("check", "--input", CLEAN.toString()));

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(FileSyncCli.EXIT_SCALE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("cannot use Scale at http://127.0.0.1:" + closedPort);
  }

  // ------------------------------------------------------------------ sandbox

  @Test
  void sandboxCommandServesSeparateRunsAndTheSecondWritesNothing() throws Exception {
    Path key = dir.resolve("sandbox-key.pem");
    Running server =
        start(Map.of(), List.of("sandbox", "--port", "0", "--key-out", key.toString()));
    await("the sandbox's settings", () -> server.out().contains("--private-key"));

    assertThat(server.out()).contains("export SCALE_API_URL=http://127.0.0.1:");
    assertThat(key).exists();
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    String options =
        server.out().lines().filter(l -> l.strip().startsWith("--scale-url")).findFirst().get();
    List<String> args = new ArrayList<>(List.of(options.strip().split(" ")));
    args.addAll(List.of("--input", CLEAN.toString(), "--quiet"));

    Running first = run(Map.of(), args);
    Running second = run(Map.of(), args);
    server.stop.request();

    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(first.out()).containsPattern("accounts\\s+80\\s+0\\s+0\\s+0\\s+0");
    assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(second.out()).contains("writes: 0,").contains("failures: none");
    assertThat(server.exitCode()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(server.out()).contains("Scale sandbox stopped.");
  }

  // ------------------------------------------------------------------ graceful stop

  @Test
  void aStopFinishesInFlightRecordsSavesTheCheckpointAndTheNextRunCompletesTheRest()
      throws Exception {
    Path checkpoint = dir.resolve("cursors.json");
    Path report = dir.resolve("report.json");
    List<String> args =
        concat(
            scale(),
            "--input",
            CLEAN.toString(),
            "--checkpoint",
            checkpoint.toString(),
            "--report",
            report.toString());
    // slow enough that the stop lands early in the run; the records in flight are a page at
    // most, so small pages and one at a time
    sandbox.faults().latency(Duration.ofMillis(15));

    Running stopped = start(Map.of(), concat(args, "--concurrency", "1", "--page-size", "5"));
    await("the first writes", () -> writes() >= 10);
    stopped.stop.request();

    assertThat(stopped.exitCode())
        .as("a single run that was stopped is incomplete: " + stopped.out() + stopped.err())
        .isEqualTo(FileSyncCli.EXIT_FAILURES);
    JsonNode r = JSON.readTree(report.toFile());
    assertThat(r.at("/stop/reason").asText()).isEqualTo("INTERRUPTED");
    assertThat(r.get("complete").asBoolean()).isFalse();
    assertThat(stopped.out()).contains("stopped early (interrupted)").contains("incomplete:");
    assertThat(checkpoint).as("the checkpoint was saved").exists();
    int licenseesAfterStop = sandbox.snapshot().licensees().size();
    assertThat(licenseesAfterStop).as("the run stopped early").isBetween(1, 79);

    sandbox.faults().clear();
    Running rest = run(Map.of(), concat(args, "--concurrency", "8"));

    assertThat(rest.exitCode()).as(rest.out() + rest.err()).isEqualTo(FileSyncCli.EXIT_OK);
    SandboxSnapshot snapshot = sandbox.snapshot();
    assertThat(snapshot.licensees()).hasSize(80);
    assertThat(snapshot.consumers()).hasSize(221);
    assertThat(snapshot.licenses()).hasSize(148);
    assertThat(snapshot.duplicates()).isEmpty();
    JsonNode second = JSON.readTree(report.toFile());
    assertThat(second.at("/counts/account/created").asInt())
        .as("the second run created what the first did not reach")
        .isEqualTo(80 - licenseesAfterStop);
  }

  @Test
  void everyRunsOnAScheduleUntilStoppedAndThenExitsWithZero() throws Exception {
    Path checkpoint = dir.resolve("cursors.json");
    Running scheduled =
        start(
            Map.of(),
            concat(
                scale(),
                "--input",
                CLEAN.toString(),
                "--every",
                "PT1H",
                "--checkpoint",
                checkpoint.toString(),
                "--quiet"));
    await("the first run", () -> scheduled.out().contains("Next run at"));
    scheduled.stop.request();

    assertThat(scheduled.exitCode())
        .as(scheduled.out() + scheduled.err())
        .isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(scheduled.out())
        .contains("Run 1 summary", "failures: none", "Stopped:")
        .doesNotContain("Run 2 summary");
    assertThat(checkpoint).exists();
    assertThat(sandbox.snapshot().licensees()).hasSize(80);
  }
}
