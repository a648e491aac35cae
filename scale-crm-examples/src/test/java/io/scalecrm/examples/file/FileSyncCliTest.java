package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.FailureKind;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.JournalEntry;
import io.scalecrm.testkit.SandboxSnapshot;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the CLI as a user would, with real HTTP against a Scale sandbox: one owned by the test
 * (passed with --scale-url, so that its state and journal can be checked) or the CLI's own
 * in-process one.
 */
class FileSyncCliTest {

  static {
    // The JDK HttpServer behind the sandbox otherwise waits on delayed ACKs (~40 ms per call on
    // keep-alive connections); FileSyncCli.main sets the same for the CLI.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Path SAMPLES = Path.of("samples");
  private static final Path CLEAN = SAMPLES.resolve("clean");
  private static final Path BAD_ROWS = SAMPLES.resolve("bad-rows");
  private static final Path SKU_MAP = SAMPLES.resolve("sku-map.csv");
  private static final Set<String> WRITES = SyncReport.WRITE_OPERATIONS;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;

  private static ScaleSandbox sandbox;
  private static Path keyFile;
  private static Path contractExport;
  private static Path contractSkuMap;

  @TempDir Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = ScaleSandbox.builder().generateKey().build().start();
    keyFile = shared.resolve("scale-key.pem");
    Files.writeString(keyFile, sandbox.generatedPrivateKeyPem(), StandardCharsets.US_ASCII);

    // a second, smaller export: the SDK's contract data set, with its own SKU map
    ContractData data = ContractData.standard();
    contractExport = Files.createDirectories(shared.resolve("contract"));
    ExportWriter.write(contractExport, data.accounts(), data.contacts(), data.orders());
    contractSkuMap = shared.resolve("contract-sku-map.csv");
    ExportWriter.writeSkuMap(contractSkuMap, data.orders());

    for (Path map : List.of(SKU_MAP, contractSkuMap)) {
      SkuMapProducts.read(map).forEach(sandbox::seedProductConfiguration);
    }
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  // ---------------------------------------------------------------- helpers

  /** What one CLI run printed and returned. */
  private record Result(int exitCode, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new FileSyncCli(o, e, env).run(args);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Arguments pointing the CLI at the test's sandbox. */
  private static List<String> scale() {
    return List.of(
        "--scale-url",
        sandbox.baseUrl().toString(),
        "--key-id",
        sandbox.generatedKeyId(),
        "--issuer",
        "file-cli-test",
        "--subject",
        "file-cli-test",
        "--private-key",
        keyFile.toString());
  }

  private static String[] args(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(Files.readString(file));
  }

  private static List<JournalEntry> writesInJournal() {
    return sandbox.journal().entries().stream()
        .filter(e -> WRITES.contains(e.operationId()) || !e.method().equals("GET"))
        .collect(Collectors.toList());
  }

  private static <T extends CrmRecord> List<T> readAll(Function<CrmQuery, CrmPage<T>> reader) {
    List<T> all = new ArrayList<>();
    CrmQuery q = CrmQuery.first(null, 1000);
    while (true) {
      CrmPage<T> page = reader.apply(q);
      all.addAll(page.records());
      if (page.last()) {
        return all;
      }
      q = q.next(page);
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  void cleanSampleSyncsEverythingAndASecondRunWritesNothing() throws IOException {
    CsvExportAdapter export = CsvExportAdapter.of(CLEAN);
    int accounts = readAll(export::accounts).size();
    int contacts = readAll(export::contacts).size();
    int lines = readAll(export::orders).stream().mapToInt(o -> o.lines().size()).sum();
    assertThat(accounts).isGreaterThanOrEqualTo(60);
    assertThat(contacts).isGreaterThanOrEqualTo(150);
    assertThat(lines).isGreaterThanOrEqualTo(100);

    Path first = dir.resolve("first.json");
    Result run1 =
        run(
            args(
                scale(),
                "--input",
                CLEAN.toString(),
                "--sku-map",
                SKU_MAP.toString(),
                "--quiet",
                "--concurrency",
                "8",
                "--report",
                first.toString()));

    assertThat(run1.exitCode()).as(run1.out() + run1.err()).isEqualTo(FileSyncCli.EXIT_OK);
    JsonNode r1 = json(first);
    assertThat(r1.get("failures")).isEmpty();
    assertThat(r1.at("/counts/account/created").asInt()).isEqualTo(accounts);
    assertThat(r1.at("/counts/contact/created").asInt() + r1.at("/counts/contact/updated").asInt())
        .as("contacts created, or adopted (a B2C account's own person consumer)")
        .isEqualTo(contacts);
    assertThat(r1.at("/counts/order_line/created").asInt()).isEqualTo(lines);
    SandboxSnapshot afterFirst = sandbox.snapshot();
    assertThat(afterFirst.licensees()).hasSize(accounts);
    assertThat(afterFirst.consumers()).hasSize(contacts);
    assertThat(afterFirst.licenses()).hasSize(lines);
    assertThat(afterFirst.duplicates()).isEmpty();
    assertThat(afterFirst.licenseeByNaturalId("file:A-1001")).isPresent();

    sandbox.journal().reset();
    Path second = dir.resolve("second.json");
    Result run2 =
        run(
            args(
                scale(),
                "--input",
                CLEAN.toString(),
                "--sku-map",
                SKU_MAP.toString(),
                "--quiet",
                "--concurrency",
                "8",
                "--report",
                second.toString()));

    assertThat(run2.exitCode()).as(run2.out() + run2.err()).isEqualTo(FileSyncCli.EXIT_OK);
    JsonNode r2 = json(second);
    assertThat(r2.get("writes").asLong()).isZero();
    assertThat(r2.at("/counts/account/unchanged").asInt()).isEqualTo(accounts);
    assertThat(r2.at("/counts/contact/unchanged").asInt()).isEqualTo(contacts);
    assertThat(r2.at("/counts/order_line/unchanged").asInt()).isEqualTo(lines);
    assertThat(writesInJournal()).as("write requests Scale received in the second run").isEmpty();
    assertThat(sandbox.snapshot()).isEqualTo(afterFirst);
    assertThat(run2.out()).contains("writes: 0,").contains("failures: none");
  }

  @Test
  void withoutAScaleUrlItRunsTwiceAgainstItsOwnSandbox() {
    Result result = run("--runs", "2", "--concurrency", "8");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(result.out())
        .contains("Syncing the bundled sample export")
        .contains("an in-process Scale sandbox")
        .contains("syncing accounts...", "syncing contacts...", "syncing orders...")
        .contains("Run 1 summary", "Run 2 summary");
    String secondRun = result.out().substring(result.out().indexOf("Run 2 summary"));
    assertThat(secondRun).contains("writes: 0,").contains("failures: none");
    assertThat(secondRun).containsPattern("accounts\\s+0\\s+0\\s+\\d{2,}\\s+0");
    assertThat(result.out().substring(0, result.out().indexOf("Run 2 summary")))
        .containsPattern("accounts\\s+\\d{2,}\\s+0\\s+0\\s+0")
        .doesNotContain("writes: 0,");
    assertThat(sandbox.journal().entries()).as("the test's own sandbox was not used").isEmpty();
  }

  @Test
  void badRowsSampleReportsEachBadRowWithRowAndFieldAndSyncsTheGoodOnes() throws IOException {
    Path report = dir.resolve("report.json");
    Result result =
        run(args(scale(), "--input", BAD_ROWS.toString(), "--report", report.toString()));

    assertThat(result.exitCode())
        .as(result.out() + result.err())
        .isEqualTo(FileSyncCli.EXIT_FAILURES);
    assertThat(result.out())
        .contains("(10 bad rows, listed below)")
        .contains(
            "account B-2 (accounts.csv row 3) field name: is missing",
            "account B-3 (accounts.csv row 4) field email: is not a valid email address",
            "account B-4 (accounts.csv row 5) field display_name: is too long",
            "account B-5 (accounts.csv row 6) field name: contains a control character (U+0007)",
            "contact BC-2 (contacts.csv row 3) field email: is not a valid email address",
            "contact BC-3 (contacts.csv row 4) field name: is missing",
            "order line BO-1-2 (orders.csv row 3) field sku: ",
            "order line BO-1-3 (orders.csv row 4) field quantity: must be positive (was 0)",
            "order line BO-2-1 (orders.csv row 5) field valid_until: must be after the line's start date",
            "order line BO-2-2 (orders.csv row 6) field quantity: is not a whole number",
            "order line BO-2-3 (orders.csv row 7) field valid_from: is not an ISO-8601 date");
    JsonNode failures = json(report).get("failures");
    assertThat(failures).hasSize(11);
    List<String> located = new ArrayList<>();
    failures.forEach(
        f ->
            located.add(
                (f.get("location").isNull() ? f.get("crmId").asText() : f.get("location").asText())
                    + " / "
                    + f.get("field").asText()));
    assertThat(located)
        .allSatisfy(l -> assertThat(l).containsPattern("(accounts|contacts|orders)\\.csv row \\d+"))
        .contains("orders.csv row 3 / sku");

    SandboxSnapshot snapshot = sandbox.snapshot();
    assertThat(snapshot.licensees())
        .extracting(SandboxSnapshot.SnapLicensee::naturalId)
        .containsExactlyInAnyOrder("file:B-1", "file:B-6");
    assertThat(snapshot.licenses())
        .extracting(SandboxSnapshot.SnapLicense::orderReference)
        .containsExactlyInAnyOrder("file:BO-1:BO-1-1", "file:BO-2:BO-2-4");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync --dry-run", "plan"})
  void dryRunPrintsThePlanAndWritesNothing(String command) {
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(scale());
    all.addAll(
        List.of("--input", contractExport.toString(), "--sku-map", contractSkuMap.toString()));
    Result result = run(all.toArray(new String[0]));

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(writesInJournal()).isEmpty();
    assertThat(sandbox.journal().entries()).as("a dry run still reads").isNotEmpty();
    assertThat(sandbox.snapshot().licensees()).isEmpty();
    ContractData data = ContractData.standard();
    assertThat(result.out())
        .contains("(dry run, nothing written, ")
        .contains("create licensee for account 1001: ")
        .contains("issue license for order line 3001-1: ")
        .containsPattern("Plan \\(\\d+ writes\\):");
    long planned = result.out().lines().filter(l -> l.startsWith("  create licensee")).count();
    assertThat(planned).isEqualTo(data.accounts().size());
  }

  @Test
  void reportIsJsonWithCountsFailuresApiCallsActionsAndElapsedAndEnvSuppliesScale()
      throws IOException {
    Path report = dir.resolve("nested-ok").resolve("report.json");
    Files.createDirectories(report.getParent());
    Map<String, String> env =
        Map.of(
            "SCALE_API_URL", sandbox.baseUrl().toString(),
            "SCALE_JWT_KEY_ID", sandbox.generatedKeyId(),
            "SCALE_JWT_ISSUER", "env-issuer",
            "SCALE_JWT_SUBJECT", "env-subject",
            "SCALE_PRIVATE_KEY_FILE", keyFile.toString());

    Result result =
        run(
            env,
            "--input",
            contractExport.toString(),
            "--sku-map",
            contractSkuMap.toString(),
            "--report",
            report.toString(),
            "--system",
            "legacy-crm");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(result.out() + result.err())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(sandbox.generatedPrivateKeyPem().lines().skip(1).findFirst().orElseThrow());
    ContractData data = ContractData.standard();
    int lines = data.orders().stream().mapToInt(o -> o.lines().size()).sum();
    JsonNode r = json(report);
    assertThat(r.fieldNames())
        .toIterable()
        .containsExactly(
            "dryRun",
            "complete",
            "successful",
            "stop",
            "pendingRecords",
            "elapsed",
            "elapsedMillis",
            "writes",
            "apiCallsTotal",
            "counts",
            "actionCounts",
            "apiCalls",
            "failures",
            "actions");
    assertThat(r.get("dryRun").asBoolean()).isFalse();
    assertThat(r.get("complete").asBoolean()).isTrue();
    assertThat(r.get("successful").asBoolean()).isTrue();
    assertThat(r.get("stop").isNull()).isTrue();
    assertThat(r.get("pendingRecords").asLong()).isZero();
    assertThat(r.at("/actionCounts/CREATE_LICENSEE").asLong()).isEqualTo(data.accounts().size());
    assertThat(r.get("actions")).hasSize((int) sumOf(r.get("actionCounts")));
    assertThat(r.at("/counts/account/created").asInt()).isEqualTo(data.accounts().size());
    assertThat(r.at("/counts/order_line/created").asInt()).isEqualTo(lines);
    assertThat(r.get("failures")).isEmpty();
    assertThat(r.at("/apiCalls/setupOrganization").asLong()).isPositive();
    assertThat(r.get("apiCallsTotal").asLong())
        .isEqualTo(sumOf(r.get("apiCalls")))
        .isGreaterThan(r.get("writes").asLong());
    assertThat(r.get("actions")).hasSizeGreaterThanOrEqualTo(data.accounts().size() + lines);
    assertThat(r.get("actions").get(0).fieldNames())
        .toIterable()
        .containsExactly("type", "recordType", "crmId", "detail");
    assertThat(r.get("elapsed").asText()).startsWith("PT");
    assertThat(r.get("elapsedMillis").isIntegralNumber()).isTrue();
    assertThat(sandbox.snapshot().licenseeByNaturalId("legacy-crm:1001")).isPresent();
  }

  private static long sumOf(JsonNode object) {
    long sum = 0;
    for (JsonNode n : object) {
      sum += n.asLong();
    }
    return sum;
  }

  @Test
  void checkpointFileMakesTheNextRunReadOnlyChangedRows() throws IOException {
    Path checkpoint = dir.resolve("checkpoints.properties");
    Path export = Files.createDirectories(dir.resolve("export"));
    ContractData data = ContractData.standard();
    ExportWriter.write(export, data.accounts(), data.contacts(), data.orders());
    String[] args =
        args(
            scale(),
            "--input",
            export.toString(),
            "--sku-map",
            contractSkuMap.toString(),
            "--checkpoint",
            checkpoint.toString(),
            "--report",
            dir.resolve("r.json").toString());

    assertThat(run(args).exitCode()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(checkpoint).exists();

    // change one order line's quantity? No: add a new order, modified after everything else
    CrmOrder extra =
        new CrmOrder(
            "3999",
            data.accounts().get(0).crmId(),
            List.of(io.scalecrm.crm.spi.CrmOrderLine.of("3999-1", "PRO-SEATS", 2)),
            List.of(),
            java.time.Instant.parse("2026-12-31T00:00:00Z"));
    List<CrmOrder> orders = new ArrayList<>(data.orders());
    orders.add(extra);
    ExportWriter.writeOrders(export.resolve("orders.csv"), orders);
    Result second = run(args);

    assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(FileSyncCli.EXIT_OK);
    JsonNode r = json(dir.resolve("r.json"));
    assertThat(r.at("/counts/order_line/created").asInt()).isEqualTo(1);
    assertThat(r.at("/counts/account/unchanged").asInt() + r.at("/counts/account/created").asInt())
        .as("accounts read after the checkpoint")
        .isZero();
    assertThat(sandbox.snapshot().licenses())
        .hasSize(data.orders().stream().mapToInt(o -> o.lines().size()).sum() + 1);
  }

  /** A snapshot without modification times, so that "unchanged" means the same values. */
  private static SandboxSnapshot withoutModifiedTimes(SandboxSnapshot s) {
    Instant t = Instant.EPOCH;
    return new SandboxSnapshot(
        s.licensees().stream()
            .map(
                l ->
                    new SandboxSnapshot.SnapLicensee(
                        l.id(),
                        l.name(),
                        l.displayName(),
                        l.description(),
                        l.email(),
                        l.contactInfo(),
                        l.naturalId(),
                        l.externalReference(),
                        l.type(),
                        l.created(),
                        t))
            .collect(Collectors.toList()),
        s.consumers().stream()
            .map(
                c ->
                    new SandboxSnapshot.SnapConsumer(
                        c.id(),
                        c.name(),
                        c.type(),
                        c.displayName(),
                        c.displayLabel(),
                        c.description(),
                        c.email(),
                        c.contactInfo(),
                        c.connectedIdentityId(),
                        c.externalReference(),
                        c.naturalId(),
                        c.setupUserLicenseeId(),
                        c.created(),
                        t))
            .collect(Collectors.toList()),
        s.grants(),
        s.licenses().stream()
            .map(l -> withValidUntil(l, l.validUntil()))
            .collect(Collectors.toList()),
        s.containers());
  }

  private static SandboxSnapshot.SnapLicense withValidUntil(
      SandboxSnapshot.SnapLicense l, Instant validUntil) {
    return new SandboxSnapshot.SnapLicense(
        l.id(),
        l.licenseeId(),
        l.containerId(),
        l.productConfigId(),
        l.productName(),
        l.qty(),
        l.qtyDimension(),
        l.features(),
        l.validFrom(),
        validUntil,
        l.orderReference(),
        l.productReference(),
        l.subscriptionReference(),
        l.contractReference(),
        l.created(),
        Instant.EPOCH);
  }

  private static SandboxSnapshot.SnapLicense licenseOf(SandboxSnapshot s, String orderReference) {
    return s.licenses().stream()
        .filter(l -> orderReference.equals(l.orderReference()))
        .findFirst()
        .orElseThrow();
  }

  private static Instant day(String isoDate) {
    return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Test
  void lifecycleExportChangesScaleExactlyAsTheCrmChangedAndARerunWritesNothing()
      throws IOException {
    Path checkpoint = dir.resolve("checkpoint.properties");
    Path report = dir.resolve("report.json");
    List<String> common =
        List.of(
            "--sku-map",
            SKU_MAP.toString(),
            "--quiet",
            "--checkpoint",
            checkpoint.toString(),
            "--report",
            report.toString());
    List<String> clean = new ArrayList<>(scale());
    clean.addAll(List.of("--input", CLEAN.toString()));
    clean.addAll(common);
    Result first = run(clean.toArray(new String[0]));
    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(FileSyncCli.EXIT_OK);
    SandboxSnapshot afterClean = sandbox.snapshot();

    // the model: the clean state with the changes of samples/lifecycle, as its rows say them
    Path later = SAMPLES.resolve("lifecycle");
    List<UUID> removedConsumers;
    Map<String, Instant> newEnd = new HashMap<>();
    try (CsvExportAdapter export = CsvExportAdapter.of(later)) {
      removedConsumers =
          export.contacts(CrmQuery.first(null, 1000)).tombstones().stream()
              .map(
                  c ->
                      afterClean
                          .consumerByExternalReference("file:contact:" + c.crmId())
                          .orElseThrow()
                          .id())
              .collect(Collectors.toList());
      for (CrmOrder order : readAll(export::orders)) {
        for (io.scalecrm.crm.spi.CrmOrderLine line : order.lines()) {
          String ref = "file:" + order.crmId() + ":" + line.lineId();
          if (line.cancelled()) {
            newEnd.put(ref, line.cancelledAt());
          } else if (line.validUntil() != null
              && !line.validUntil().equals(licenseOf(afterClean, ref).validUntil())) {
            newEnd.put(ref, line.validUntil());
          }
        }
      }
    }
    assertThat(removedConsumers).as("departed, deleted, and the deleted account's").hasSize(4);
    assertThat(newEnd)
        .containsOnlyKeys("file:O-3014:O-3014-3", "file:O-3049:O-3049-1", "file:O-3001:O-3001-1")
        .containsEntry("file:O-3014:O-3014-3", day("2026-04-07"))
        .containsEntry("file:O-3001:O-3001-1", day("2028-03-07"));
    UUID deletedAccount = afterClean.licenseeByNaturalId("file:A-1017").orElseThrow().id();
    assertThat(afterClean.grants())
        .extracting(SandboxSnapshot.SnapGrant::consumerId)
        .containsAll(removedConsumers);
    SandboxSnapshot model =
        withoutModifiedTimes(
            new SandboxSnapshot(
                afterClean.licensees(),
                afterClean.consumers(),
                afterClean.grants().stream()
                    .filter(g -> !removedConsumers.contains(g.consumerId()))
                    .collect(Collectors.toList()),
                afterClean.licenses().stream()
                    .map(
                        l ->
                            newEnd.containsKey(l.orderReference())
                                ? withValidUntil(l, newEnd.get(l.orderReference()))
                                : l)
                    .collect(Collectors.toList()),
                afterClean.containers()));
    assertThat(model.licensees())
        .as("the deleted account's licensee stays (LEAVE)")
        .extracting(SandboxSnapshot.SnapLicensee::id)
        .contains(deletedAccount);
    assertThat(model).isNotEqualTo(withoutModifiedTimes(afterClean));

    List<String> lifecycle = new ArrayList<>(scale());
    lifecycle.addAll(List.of("--input", later.toString()));
    lifecycle.addAll(common);
    Result second = run(lifecycle.toArray(new String[0]));

    assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(json(report).get("failures")).isEmpty();
    assertThat(withoutModifiedTimes(sandbox.snapshot())).isEqualTo(model);
    assertThat(sandbox.snapshot().duplicates()).isEmpty();

    // a rerun, from the checkpoint and then reading the whole export again, writes nothing
    SandboxSnapshot afterLifecycle = sandbox.snapshot();
    for (boolean withCheckpoint : new boolean[] {true, false}) {
      if (!withCheckpoint) {
        Files.delete(checkpoint);
      }
      sandbox.journal().reset();
      Result rerun = run(lifecycle.toArray(new String[0]));
      assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isEqualTo(FileSyncCli.EXIT_OK);
      assertThat(json(report).get("writes").asLong())
          .as("writes, checkpoint " + withCheckpoint)
          .isZero();
      assertThat(writesInJournal()).isEmpty();
      assertThat(sandbox.snapshot()).isEqualTo(afterLifecycle);
    }
  }

  @Test
  void anExportWithHalfItsAccountsDeletedStopsAtTheGuardAndRemovesNothing() throws IOException {
    Result first =
        run(args(scale(), "--input", CLEAN.toString(), "--sku-map", SKU_MAP.toString(), "--quiet"));
    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(FileSyncCli.EXIT_OK);
    SandboxSnapshot afterClean = sandbox.snapshot();

    // the lifecycle export with every other account marked deleted, the day after
    Path export = Files.createDirectories(dir.resolve("half-deleted"));
    Path lifecycle = SAMPLES.resolve("lifecycle");
    for (String file : List.of("contacts.csv", "orders.csv")) {
      Files.copy(lifecycle.resolve(file), export.resolve(file));
    }
    LifecycleSampleGenerator.Table accounts =
        LifecycleSampleGenerator.Table.read(lifecycle.resolve("accounts.csv"));
    int deleted = 0;
    for (int i = 0; i < accounts.rows().size(); i += 2) {
      List<String> row = accounts.rows().get(i);
      accounts.set(row, "status", "deleted");
      accounts.set(row, "modified", "2026-04-08T09:00:00Z");
      deleted++;
    }
    assertThat(deleted).isGreaterThanOrEqualTo(accounts.rows().size() / 2);
    accounts.print(export.resolve("accounts.csv"));

    // the guard also holds back the export's removals that write (two contacts, a cancelled line)
    Path report = dir.resolve("guard.json");
    sandbox.journal().reset();
    Result guarded =
        run(
            args(
                scale(),
                "--input",
                export.toString(),
                "--sku-map",
                SKU_MAP.toString(),
                "--report",
                report.toString()));

    assertThat(guarded.exitCode())
        .as(guarded.out() + guarded.err())
        .isEqualTo(FileSyncCli.EXIT_FAILURES);
    assertThat(guarded.out())
        .containsPattern("the CRM signals \\d+ removals \\(")
        .contains("nothing was removed")
        .contains("--max-removals");
    assertThat(json(report).get("writes").asLong()).isZero();
    assertThat(writesInJournal()).as("write requests Scale received").isEmpty();
    assertThat(sandbox.snapshot()).isEqualTo(afterClean);
  }

  @Test
  void usageAndConfigurationErrorsExitWith2() throws IOException {
    Path export = Files.createDirectories(dir.resolve("no-map").resolve("export"));
    Files.writeString(export.resolve("accounts.csv"), "account_id,name\nA-1,One\n");

    Result noMap = run("--input", export.toString());
    assertThat(noMap.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(noMap.err()).contains("no SKU map: pass --sku-map FILE");

    Result missingMap = run("--input", export.toString(), "--sku-map", "nope.csv");
    assertThat(missingMap.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(missingMap.err()).contains("--sku-map nope.csv is not a readable file");

    Result noInput =
        run("--input", dir.resolve("missing").toString(), "--sku-map", SKU_MAP.toString());
    assertThat(noInput.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(noInput.err()).contains("is not a readable directory");

    Files.writeString(export.resolve("contacts.csv"), "contact_id,name\nC-1,One\n");
    Result badColumns = run("--input", export.toString(), "--sku-map", SKU_MAP.toString());
    assertThat(badColumns.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(badColumns.err()).contains("contacts.csv lacks the column(s) account_id");

    Path badMap = dir.resolve("bad-map.csv");
    Files.writeString(badMap, "sku,productConfigId\nPRO,not-a-uuid\n");
    Result badSkuMap = run("--input", CLEAN.toString(), "--sku-map", badMap.toString());
    assertThat(badSkuMap.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(badSkuMap.err()).contains("the SKU map cannot be used");

    Result unknownOption = run("--frobnicate");
    assertThat(unknownOption.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'").contains("Usage:");

    assertThat(run("--concurrency", "0").exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(run("--runs", "abc").exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(run("--system", "Not A Slug", "--input", CLEAN.toString()).exitCode())
        .isEqualTo(FileSyncCli.EXIT_USAGE);

    Result urlWithoutKey = run("--scale-url", "http://127.0.0.1:9", "--input", CLEAN.toString());
    assertThat(urlWithoutKey.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(urlWithoutKey.err().lines().findFirst().orElseThrow())
        .as("every missing setting at once, on one line")
        .contains(
            "--key-id (or SCALE_JWT_KEY_ID) is not set",
            "--issuer (or SCALE_JWT_ISSUER) is not set",
            "--subject (or SCALE_JWT_SUBJECT) is not set",
            "--private-key (or SCALE_PRIVATE_KEY_FILE, or SCALE_PRIVATE_KEY) is not set");
    assertThat(urlWithoutKey.err()).doesNotContain("Exception").doesNotContain("\tat ");

    Result badUrl =
        run(
            Map.of("SCALE_API_URL", "ftp://scale.example"),
            "--input",
            CLEAN.toString(),
            "--key-id",
            "k",
            "--issuer",
            "i",
            "--subject",
            "s",
            "--private-key",
            keyFile.toString());
    assertThat(badUrl.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(badUrl.err())
        .as("named as the user set it, not as the builder calls it")
        .contains("SCALE_API_URL must be an absolute https:// URL")
        .doesNotContain("baseUrl");

    for (String limit : List.of("-1", "lots", "150%")) {
      Result badLimit = run("--input", CLEAN.toString(), "--max-removals", limit);
      assertThat(badLimit.exitCode()).as(limit).isEqualTo(FileSyncCli.EXIT_USAGE);
      assertThat(badLimit.err()).contains("--max-removals must be a count such as 25");
    }
    Result badEvery = run("--input", CLEAN.toString(), "--every", "5 minutes");
    assertThat(badEvery.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(badEvery.err()).contains("--every must be an ISO-8601 duration such as PT5M");
    Result optionsBeforeCommand = run("--input", CLEAN.toString(), "sync");
    assertThat(optionsBeforeCommand.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);
    assertThat(optionsBeforeCommand.err()).contains("put the options after the command name");

    Result reportInMissingDir =
        run("--input", CLEAN.toString(), "--report", dir.resolve("no/such/dir/r.json").toString());
    assertThat(reportInMissingDir.exitCode()).isEqualTo(FileSyncCli.EXIT_USAGE);

    assertThat(sandbox.journal().entries()).as("no error reached Scale").isEmpty();
  }

  @Test
  void unreachableScaleOrRefusedCredentialsExitWith3()
      throws IOException, NoSuchAlgorithmException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result unreachable =
        run(
            "--input",
            contractExport.toString(),
            "--sku-map",
            contractSkuMap.toString(),
            "--scale-url",
            "http://127.0.0.1:" + closedPort,
            "--key-id",
            "k",
            "--issuer",
            "i",
            "--subject",
            "s",
            "--private-key",
            keyFile.toString());
    assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(FileSyncCli.EXIT_SCALE);
    assertThat(unreachable.err()).contains("cannot use Scale at http://127.0.0.1:" + closedPort);

    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path otherKey = dir.resolve("other.pem");
    Files.writeString(otherKey, pem, StandardCharsets.US_ASCII);
    Result refused =
        run(
            "--input",
            contractExport.toString(),
            "--sku-map",
            contractSkuMap.toString(),
            "--scale-url",
            sandbox.baseUrl().toString(),
            "--key-id",
            "unknown-key",
            "--issuer",
            "i",
            "--subject",
            "s",
            "--private-key",
            otherKey.toString());
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(FileSyncCli.EXIT_SCALE);
    assertThat(refused.err()).contains("401").doesNotContain("PRIVATE KEY");
    assertThat(writesInJournal()).isEmpty();
  }

  @Test
  void helpListsCommandsOptionsEnvironmentAndExitCodesUnderTheCommandsName() {
    Result help = run("--help");

    assertThat(help.exitCode()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(help.out())
        .startsWith("Usage: scale-crm-sync ")
        .doesNotContain("scale-file-sync")
        .contains("--input", "--sku-map", "--scale-url", "--dry-run", "--report", "--runs")
        .contains("--checkpoint", "--max-removals", "--every")
        .contains("Commands:", "sync", "plan", "check", "sandbox")
        .contains("Exit codes:")
        .contains("SCALE_API_URL", "SCALE_PRIVATE_KEY_FILE")
        .containsPattern("(?m)^\\s*3\\s+Scale unreachable or authentication failed");

    Result sandboxHelp = run("sandbox", "--help");
    assertThat(sandboxHelp.exitCode()).isEqualTo(FileSyncCli.EXIT_OK);
    assertThat(sandboxHelp.out())
        .startsWith("Usage: scale-crm-sync sandbox")
        .contains("--port", "--key-out");
  }

  @Test
  void failuresNameColumnsNotRecordComponents() {
    try (CsvExportAdapter export = CsvExportAdapter.of(CLEAN)) {
      FileSyncCli.FileSource source = new FileSyncCli.FileSource(export);
      SyncFailure validFrom =
          new SyncFailure(CrmRecordType.ORDER_LINE, "L-1", "validFrom", "r", FailureKind.BUG);
      SyncFailure displayName =
          new SyncFailure(CrmRecordType.ACCOUNT, "A-1", "displayName", "r", FailureKind.BUG);
      SyncFailure none = new SyncFailure(CrmRecordType.ACCOUNT, "A-1", null, "r", FailureKind.BUG);

      assertThat(source.field(validFrom)).isEqualTo("valid_from");
      assertThat(source.field(displayName)).isEqualTo("display_name");
      assertThat(source.field(none)).isNull();
    }
  }

  @Test
  void versionPrintsTheArtifactVersionFromThePom() {
    Result version = run("--version");

    assertThat(version.exitCode()).isEqualTo(FileSyncCli.EXIT_OK);
    // the pom's version, filtered into a resource: 0.1.0-SNAPSHOT, not 0.1
    assertThat(version.out()).startsWith("scale-crm-sync " + projectVersion() + "\n");
  }

  /** The version in the module's pom (the parent's, which it inherits). */
  static String projectVersion() {
    try {
      String pom = Files.readString(Path.of("pom.xml"));
      Matcher m =
          Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
      assertThat(m.find()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
