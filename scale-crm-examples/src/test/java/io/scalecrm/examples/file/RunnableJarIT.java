package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.crm.SyncReport;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code scale-crm-sync.jar}, run as a user runs it: {@code java -jar} in child JVMs
 * (after {@code package}; failsafe passes the jar's path). Covers the README's promises: help and
 * version, two runs with the second writing nothing, two separate runs against a standalone
 * sandbox, a one-line error for an unreachable Scale, SIGTERM finishing the records in flight, and
 * no test framework inside the jar.
 */
class RunnableJarIT {
  private static final Path CLEAN = Path.of("samples", "clean");
  private static final Path SKU_MAP = Path.of("samples", "sku-map.csv");

  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("scale.crm.sync.jar", "target/scale-crm-sync.jar"));
    assertThat(jar).as("built by mvn package").isRegularFile();
  }

  /** A child JVM running the jar, its output in files (read while it runs). */
  private final class Child {
    final Process process;
    final Path out;
    final Path err;

    Child(Map<String, String> env, List<String> args) throws IOException {
      String name = "child-" + System.nanoTime();
      out = dir.resolve(name + ".out");
      err = dir.resolve(name + ".err");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
      command.addAll(args);
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // a clean environment: only what the test passes, so a developer's SCALE_* cannot leak in
      Map<String, String> childEnv = pb.environment();
      String path = childEnv.get("PATH");
      childEnv.clear();
      if (path != null) {
        childEnv.put("PATH", path);
      }
      childEnv.putAll(env);
      process = pb.start();
    }

    String out() {
      return read(out);
    }

    String err() {
      return read(err);
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the child did not finish: " + out() + err());
      }
      return process.exitValue();
    }

    private String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        return "";
      }
    }
  }

  private Child java(Map<String, String> env, String... args) throws IOException {
    return new Child(env, List.of(args));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void helpAndVersionNameTheCommandAndTheArtifactVersion() throws Exception {
    Child help = java(Map.of(), "--help");
    assertThat(help.waitFor()).isZero();
    assertThat(help.out())
        .startsWith("Usage: scale-crm-sync ")
        .contains("Commands:")
        .contains("P% of the synced ones (default: 5% or 100");
    assertThat(help.err()).as("no picocli warnings").isEmpty();

    Child version = java(Map.of(), "--version");
    assertThat(version.waitFor()).isZero();
    assertThat(version.out())
        .startsWith("scale-crm-sync " + System.getProperty("scale.crm.sync.version") + "\n");
  }

  @Test
  void theJarHoldsNoTestFrameworkAndCarriesTheLicense() throws IOException {
    List<String> entries;
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = Collections.list(file.entries()).stream().map(e -> e.getName()).toList();
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.scalecrm.examples.file.FileSyncCli");
    }
    assertThat(entries)
        .contains("META-INF/LICENSE", "io/scalecrm/testkit/ScaleSandbox.class")
        .noneMatch(e -> e.startsWith("org/junit/"))
        .noneMatch(e -> e.startsWith("org/assertj/"))
        .noneMatch(e -> e.startsWith("net/bytebuddy/"))
        .noneMatch(e -> e.startsWith("org/opentest4j/"));
  }

  @Test
  void syncRunsTwiceAndTheSecondRunWritesNothing() throws Exception {
    Child sync = java(Map.of(), "sync", "--input", CLEAN.toString(), "--runs", "2");

    assertThat(sync.waitFor()).as(sync.out() + sync.err()).isZero();
    String second = sync.out().substring(sync.out().indexOf("Run 2 summary"));
    assertThat(second).contains("writes: 0,").contains("failures: none");
    assertThat(sync.err()).isEmpty();
  }

  /** A small export (the SDK's contract data) and its SKU map: separate JVMs cost enough. */
  private Path smallExport() throws IOException {
    ContractData data = ContractData.standard();
    Path export = Files.createDirectories(dir.resolve("export"));
    ExportWriter.write(export, data.accounts(), data.contacts(), data.orders());
    ExportWriter.writeSkuMap(export.resolve("sku-map.csv"), data.orders());
    return export;
  }

  @Test
  void twoSeparateRunsAgainstAStandaloneSandbox() throws Exception {
    Path export = smallExport();
    int accounts = ContractData.standard().accounts().size();
    Path key = dir.resolve("sandbox-key.pem");
    Child sandbox =
        java(
            Map.of(),
            "sandbox",
            "--port",
            "0",
            "--key-out",
            key.toString(),
            "--sku-map",
            export.resolve("sku-map.csv").toString());
    try {
      await("the sandbox's settings", () -> sandbox.out().contains("--private-key"));
      Map<String, String> env = new HashMap<>();
      sandbox
          .out()
          .lines()
          .map(String::strip)
          .filter(l -> l.startsWith("export SCALE_"))
          .forEach(
              l -> {
                String assignment = l.substring("export ".length());
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
              });
      assertThat(env)
          .containsKeys(
              "SCALE_API_URL",
              "SCALE_JWT_KEY_ID",
              "SCALE_JWT_ISSUER",
              "SCALE_JWT_SUBJECT",
              "SCALE_PRIVATE_KEY_FILE");

      Child first = java(env, "sync", "--input", export.toString(), "--quiet");
      assertThat(first.waitFor()).as(first.out() + first.err()).isZero();
      Child second = java(env, "sync", "--input", export.toString(), "--quiet");
      assertThat(second.waitFor()).as(second.out() + second.err()).isZero();

      assertThat(first.out()).containsPattern("accounts\\s+" + accounts + "\\s+0\\s+0\\s+0\\s+0");
      assertThat(second.out()).contains("writes: 0,").contains("failures: none");
    } finally {
      sandbox.process.destroy();
    }
    assertThat(sandbox.waitFor()).as("SIGTERM stops the sandbox cleanly").isZero();
  }

  @Test
  void unreachableScaleIsOneLineOnStderrAndExitCode3() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path key = dir.resolve("key.pem");
    try (ScaleSandbox keys = ScaleSandbox.startWithGeneratedKey()) {
      Files.writeString(key, keys.generatedPrivateKeyPem());
    }
    Child sync =
        java(
            Map.of(
                "SCALE_API_URL", "http://127.0.0.1:" + closedPort,
                "SCALE_JWT_KEY_ID", "k",
                "SCALE_JWT_ISSUER", "i",
                "SCALE_JWT_SUBJECT", "s",
                "SCALE_PRIVATE_KEY_FILE", key.toString()),
            "sync",
            "--input",
            CLEAN.toString(),
            "--quiet");

    assertThat(sync.waitFor()).as(sync.out() + sync.err()).isEqualTo(3);
    assertThat(sync.err().lines().collect(Collectors.toList()))
        .singleElement()
        .asString()
        .startsWith("error: cannot use Scale at http://127.0.0.1:" + closedPort);
  }

  @Test
  void sigtermFinishesTheRecordsInFlightSavesTheCheckpointAndExitsZero() throws Exception {
    Path checkpoint = dir.resolve("cursors.json");
    Path key = dir.resolve("key.pem");
    try (ScaleSandbox scale = ScaleSandbox.builder().generateKey().build().start()) {
      for (SandboxProduct p : SkuMapProducts.read(SKU_MAP)) {
        scale.seedProductConfiguration(p);
      }
      Files.writeString(key, scale.generatedPrivateKeyPem());
      Map<String, String> env =
          Map.of(
              "SCALE_API_URL", scale.baseUrl().toString(),
              "SCALE_JWT_KEY_ID", scale.generatedKeyId(),
              "SCALE_JWT_ISSUER", "it",
              "SCALE_JWT_SUBJECT", "it",
              "SCALE_PRIVATE_KEY_FILE", key.toString());
      // slow, one record at a time, small pages: the signal lands early in the run
      scale.faults().latency(Duration.ofMillis(15));

      Child scheduled =
          java(
              env,
              "sync",
              "--input",
              CLEAN.toString(),
              "--every",
              "PT1H",
              "--checkpoint",
              checkpoint.toString(),
              "--concurrency",
              "1",
              "--page-size",
              "5");
      await("the first writes", () -> writes(scale) >= 10);
      scheduled.process.destroy(); // SIGTERM

      assertThat(scheduled.waitFor())
          .as("exit code after SIGTERM: " + scheduled.out() + scheduled.err())
          .isZero();
      assertThat(scheduled.out()).contains("stopped early (interrupted)", "Stopped:");
      assertThat(checkpoint).as("the checkpoint was saved").exists();
      int reached = scale.snapshot().licensees().size();
      assertThat(reached).as("the run stopped early").isBetween(1, 79);

      scale.faults().clear();
      Child rest =
          java(
              env,
              "sync",
              "--input",
              CLEAN.toString(),
              "--checkpoint",
              checkpoint.toString(),
              "--concurrency",
              "8");
      assertThat(rest.waitFor()).as(rest.out() + rest.err()).isZero();
      SandboxSnapshot snapshot = scale.snapshot();
      assertThat(snapshot.licensees()).hasSize(80);
      assertThat(snapshot.consumers()).hasSize(221);
      assertThat(snapshot.licenses()).hasSize(148);
      assertThat(snapshot.duplicates()).isEmpty();
    }
  }

  private static long writes(ScaleSandbox scale) {
    return scale.journal().entries().stream()
        .filter(e -> SyncReport.WRITE_OPERATIONS.contains(e.operationId()))
        .count();
  }
}
