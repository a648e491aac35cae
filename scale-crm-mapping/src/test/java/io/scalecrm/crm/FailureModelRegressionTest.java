package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.testkit.JournalEntry;
import io.scalecrm.testkit.SandboxSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression test per finding of the failure-model issue (the ones in the Scale client are in
 * scale-client's tests). Each failed on the main branch before the fix.
 */
class FailureModelRegressionTest {
  static ScaleTestEnv env;
  static final TestCrm DATA = TestCrm.of(12);

  @TempDir Path dir;

  static List<String> clean;

  @BeforeAll
  static void start() {
    env = ScaleTestEnv.start();
    SyncReport reference =
        env.crmSync().sync(new ListCrmAdapter(DATA), options(CheckpointStore.none()).build());
    assertThat(reference.successful()).isTrue();
    clean = env.state();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void reset() {
    env.sandbox.reset();
    env.sandbox.faults().clear();
    env.sandbox.journal().reset();
  }

  static SyncOptions.Builder options(CheckpointStore checkpoints) {
    return SyncOptions.builder().pageSize(5).concurrency(4).checkpoints(checkpoints);
  }

  private static void failEvery(String operation, int calls, int status) {
    for (int n = 1; n <= calls; n++) {
      env.sandbox.faults().failNth(operation, n, status);
    }
  }

  // ---- 1. checkpoints never move past records that failed for another reason than their data

  @Test
  void finding1_http500OnEveryCreateKeepsTheContactsPendingUntilTheyLand() {
    CheckpointStore checkpoints = CheckpointStore.file(dir.resolve("cp.json"));
    failEvery("createLicenseConsumer", 400, 500);

    SyncReport broken = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());
    env.sandbox.faults().clear();
    SyncReport fixed = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());

    assertThat(broken.complete()).isFalse();
    assertThat(broken.pendingRecords()).isPositive();
    assertThat(broken.pendingFailures())
        .isNotEmpty()
        .allMatch(f -> f.kind() == FailureKind.ENVIRONMENT);
    assertThat(fixed.failures()).isEmpty();
    assertThat(fixed.complete()).isTrue();
    assertThat(fixed.countsOf(CrmRecordType.CONTACT).created()).isPositive();
    assertThat(env.state()).as("nothing is missing").isEqualTo(cleanState());
  }

  @Test
  void finding1_aWrongKeyStopsTheRunAndMovesNoCursor() throws Exception {
    Path file = dir.resolve("cp.json");
    CheckpointStore checkpoints = CheckpointStore.file(file);
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    String wrongKey =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ScaleConnection wrong =
        ScaleConnection.builder()
            .baseUrl(env.sandbox.baseUrl())
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId(env.sandbox.generatedKeyId())
                    .issuer("crm-sync-tests")
                    .subject("crm-sync-tests")
                    .privateKeyPem(wrongKey)
                    .build())
            .retryPolicy(RetryPolicy.none())
            .build();

    SyncReport refused;
    try (wrong) {
      refused =
          env.crmSync(wrong, false).sync(new ListCrmAdapter(DATA), options(checkpoints).build());
    }
    boolean written = Files.exists(file);
    SyncReport fixed = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());

    assertThat(refused.stopped())
        .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(StopReason.AUTHENTICATION));
    assertThat(refused.stopped().orElseThrow().message()).contains("key id", "issuer");
    assertThat(refused.complete()).isFalse();
    assertThat(written).as("no checkpoint was written").isFalse();
    assertThat(fixed.complete()).isTrue();
    assertThat(env.state()).isEqualTo(cleanState());
  }

  @Test
  void finding1_aFailedAccountsContactsAndOrdersAreRetriedWithIt() {
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    failEvery("setupOrganization", 400, 500);
    failEvery("setupUser", 400, 500);

    SyncReport broken = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());
    env.sandbox.faults().clear();
    SyncReport fixed = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());

    assertThat(broken.failures())
        .filteredOn(f -> f.recordType() == CrmRecordType.CONTACT)
        .isNotEmpty()
        .allMatch(f -> f.kind() == FailureKind.DEPENDENCY);
    assertThat(fixed.complete()).isTrue();
    assertThat(env.state()).isEqualTo(cleanState());
  }

  @Test
  void finding1_anUnexpectedExceptionFailsOnlyItsRecordAndKeepsItPending() {
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    CrmSync buggy =
        env.crmSync().toBuilder()
            .mapping(
                CrmMapping.builder("hubspot")
                    .skus(ScaleTestEnv.SKUS)
                    .externalReference(
                        c -> {
                          if (c.crmId().equals("C-3-1")) {
                            throw new IllegalStateException("a bug in a key function");
                          }
                          return "hubspot:contact:" + c.crmId();
                        })
                    .build())
            .build();

    SyncReport report = buggy.sync(new ListCrmAdapter(DATA), options(checkpoints).build());

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.crmId()).isEqualTo("C-3-1");
              assertThat(f.kind()).isEqualTo(FailureKind.BUG);
            });
    assertThat(report.complete()).isFalse();
    assertThat(report.countsOf(CrmRecordType.CONTACT).failed()).isEqualTo(1);
    assertThat(checkpoints.load("test-crm/contacts").pending()).containsKey("C-3-1");
  }

  // ---- 3. collision-free keys

  @Test
  void finding3_orderAColonBLineCAndOrderALineBColonCAreTwoLicenses() {
    CrmSync crm = env.crmSync();
    crm.upsertLicensee(CrmAccount.b2b("acc", "Acme"));
    OrderResult ab =
        crm.issueForOrder(CrmOrder.of("A:B", "acc", List.of(CrmOrderLine.of("C", "PRO", 2))));
    OrderResult a =
        crm.issueForOrder(CrmOrder.of("A", "acc", List.of(CrmOrderLine.of("B:C", "PRO", 3))));

    assertThat(ab.lines().get(0).outcome()).isEqualTo(LineOutcome.ISSUED);
    assertThat(a.lines().get(0).outcome()).isEqualTo(LineOutcome.ISSUED);
    assertThat(env.sandbox.snapshot().licenses())
        .extracting(SandboxSnapshot.SnapLicense::orderReference)
        .containsExactlyInAnyOrder("hubspot:A%3AB:C", "hubspot:A:B%3AC");
  }

  @Test
  void finding3_aCustomKeyFunctionThatCollidesFailsTheSecondRecordPending() {
    CrmSync crm =
        env.crmSync().toBuilder()
            .mapping(
                CrmMapping.builder("hubspot")
                    .skus(ScaleTestEnv.SKUS)
                    .orderReference((o, l) -> "hubspot:" + o.crmId() + ":" + l.lineId())
                    .build())
            .build();
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(1));
    adapter.orders.clear();
    adapter.orders.add(CrmOrder.of("A:B", "A-1", List.of(CrmOrderLine.of("C", "PRO", 2))));
    adapter.orders.add(CrmOrder.of("A", "A-1", List.of(CrmOrderLine.of("B:C", "PRO", 3))));

    SyncReport report = crm.sync(adapter, options(CheckpointStore.inMemory()).build());

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FailureKind.BUG);
              assertThat(f.reason()).contains("same key", "orderReference");
            });
    assertThat(env.sandbox.snapshot().licenses()).hasSize(1);
  }

  // ---- 4. make before break

  @Test
  void finding4_aReissueThatScaleRefusesLeavesTheOldLicenseValid() {
    CrmSync crm = env.crmSync(env.connect(), true);
    crm.upsertLicensee(CrmAccount.b2b("acc", "Acme"));
    crm.issueForOrder(CrmOrder.of("D", "acc", List.of(CrmOrderLine.of("L", "PRO", 5))));

    RecordResult refused =
        crm.apply(CrmOrder.of("D", "acc", List.of(CrmOrderLine.of("L", "PRO", 1500))));

    assertThat(refused.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(FailureKind.RECORD_DATA);
              assertThat(f.field()).isEqualTo("quantity");
            });
    List<SandboxSnapshot.SnapLicense> licenses = env.sandbox.snapshot().licenses();
    assertThat(licenses)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.qty()).isEqualTo(5);
              assertThat(l.validUntil()).as("still valid").isNull();
            });
  }

  // ---- 5. repair that always runs, keeps the earliest issued, and writes back after

  @Test
  void finding5_duplicatesLeftByACrashAreRepairedByTheNextReadKeepingTheEarliest()
      throws Exception {
    CrmSync crm = env.crmSync();
    String licenseeId = crm.upsertLicensee(CrmAccount.b2b("acc", "Acme")).scaleId();
    // two writers issued the line; the second process died before it repaired anything
    ScaleApi raw = new GeneratedScaleApi(env.connect());
    GrantRequest grant =
        new GrantRequest(
            ScaleTestEnv.PRO.productConfigId(), 4, null, null, "hubspot:D:L", "PRO", null, null);
    ScaleLicense first = raw.grant(licenseeId, grant).get(0);
    Thread.sleep(5);
    ScaleLicense second = raw.grant(licenseeId, grant).get(0);
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("acc", "Acme"));
    adapter.orders.add(CrmOrder.of("D", "acc", List.of(CrmOrderLine.of("L", "PRO", 4))));
    adapter.writeBack = true;

    SyncReport rerun = crm.sync(adapter, options(CheckpointStore.none()).build());

    assertThat(rerun.actionCounts()).containsEntry(ActionType.DELETE_DUPLICATE_LICENSE, 1L);
    assertThat(env.sandbox.snapshot().licenses())
        .singleElement()
        .satisfies(l -> assertThat(l.id().toString()).isEqualTo(first.id()));
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(env.duplicates()).isEmpty();
  }

  @Test
  void finding5_twoProcessesIssuingAtOnceEndWithOneLicenseAndWriteBackTheSurvivor()
      throws Exception {
    ListCrmAdapter a = new ListCrmAdapter(DATA);
    ListCrmAdapter b = new ListCrmAdapter(DATA);
    a.writeBack = true;
    b.writeBack = true;
    CrmSync one = env.crmSync().toBuilder().lockScope("process-1").build();
    CrmSync two = env.crmSync().toBuilder().lockScope("process-2").build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<SyncReport> ra =
          pool.submit(() -> one.sync(a, options(CheckpointStore.none()).build()));
      Future<SyncReport> rb =
          pool.submit(() -> two.sync(b, options(CheckpointStore.none()).build()));
      ra.get(2, TimeUnit.MINUTES);
      rb.get(2, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }

    assertThat(env.duplicates()).isEmpty();
    assertThat(env.state()).isEqualTo(cleanState());
    Set<String> live =
        env.sandbox.snapshot().licenses().stream()
            .map(l -> l.id().toString())
            .collect(Collectors.toSet());
    List<String> written = new ArrayList<>();
    a.writtenBack.stream()
        .filter(l -> l.recordType() == CrmRecordType.ORDER_LINE)
        .forEach(l -> written.add(l.scaleId()));
    b.writtenBack.stream()
        .filter(l -> l.recordType() == CrmRecordType.ORDER_LINE)
        .forEach(l -> written.add(l.scaleId()));
    assertThat(live).as("the CRM never points at a deleted license").containsAll(written);
  }

  // ---- 6. access in batches of at most 100

  @Test
  void finding6_anAccountWith101NewContactsGivesEveryOneAccess() {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("big", "Big Co"));
    for (int i = 0; i < 101; i++) {
      adapter.contacts.add(CrmContact.person("p-" + i, "big", "Person " + i, null));
    }

    SyncReport report =
        env.crmSync().sync(adapter, options(CheckpointStore.none()).pageSize(1000).build());

    assertThat(report.failures()).isEmpty();
    UUID licensee = env.sandbox.snapshot().licenseeByNaturalId("hubspot:big").orElseThrow().id();
    assertThat(env.sandbox.snapshot().consumerIdsWithAccessTo(licensee)).hasSize(101);
    assertThat(env.sandbox.journal().count("grantAccessToDefaultContainer")).isEqualTo(2);
  }

  // ---- 7. adoption of a licensee nobody claimed

  @Test
  void finding7_aConsoleCreatedLicenseeWithTheAccountsEmailIsAdopted() {
    ScaleApi raw = new GeneratedScaleApi(env.connect());
    // the console sends no natural id: Scale generates one
    LicenseeRow console =
        raw.setupOrganization(
            new LicenseeRow(
                null,
                "Acme (console)",
                null,
                null,
                "ops@acme.example",
                null,
                null,
                null,
                CustomerType.B2B));
    CrmSync crm =
        env.crmSync().toBuilder()
            .mapping(
                CrmMapping.builder("hubspot")
                    .skus(ScaleTestEnv.SKUS)
                    .adoptLicenseeByEmail(true)
                    .build())
            .build();

    UpsertResult<ScaleLicensee> adopted =
        crm.upsertLicensee(CrmAccount.b2b("acc", "Acme").withEmail("OPS@acme.example"));

    assertThat(adopted.scaleId()).isEqualTo(console.id());
    assertThat(adopted.value().naturalId()).isEqualTo("hubspot:acc");
    assertThat(env.sandbox.snapshot().licensees()).hasSize(1);
  }

  // ---- 8. consumer adoption respects the licensee and the order does not matter

  @Test
  void finding8_aB2cPersonAndABusinessContactWithTheSameEmailEndTheSameInEitherOrder() {
    CrmAccount person = CrmAccount.b2c("x", "Xena", "xena@example.com");
    CrmAccount company = CrmAccount.b2b("y", "Y Corp");
    CrmContact own = CrmContact.person("cx", "x", "Xena", "xena@example.com");
    CrmContact other = CrmContact.person("cy", "y", "Xena at Y", "XENA@example.com");

    List<String> businessFirst = syncInOrder(person, company, other, own);
    reset();
    List<String> personFirst = syncInOrder(person, company, own, other);

    assertThat(businessFirst).isEqualTo(personFirst);
    assertThat(personFirst)
        .contains("consumer hubspot:contact:cx Xena xena@example.com PERSON")
        .contains("access hubspot:x hubspot:contact:cx", "access hubspot:y hubspot:contact:cx");
    assertThat(env.duplicates()).isEmpty();
  }

  private List<String> syncInOrder(
      CrmAccount a, CrmAccount b, CrmContact first, CrmContact second) {
    CrmSync crm = env.crmSync();
    for (var r : List.of(a, b, first, second, first, second)) {
      RecordResult result = crm.apply(r);
      assertThat(result.failures()).as(r.crmId()).isEmpty();
    }
    return env.state();
  }

  // found by the torture test: while a B2C account is failing, a business contact with the same
  // email must not take that email (the person's consumer is the account's, once it syncs)
  @Test
  void aContactWaitsForTheFailedB2cAccountWhoseEmailItShares() {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2c("x", "Xena", "xena@example.com"));
    adapter.accounts.add(CrmAccount.b2b("y", "Y Corp"));
    adapter.contacts.add(CrmContact.person("cx", "x", "Xena", "xena@example.com"));
    adapter.contacts.add(CrmContact.person("cy", "y", "Xena at Y", "XENA@example.com"));
    SyncReport clean = env.crmSync().sync(adapter, options(CheckpointStore.none()).build());
    assertThat(clean.successful()).isTrue();
    List<String> expected = env.state();
    reset();
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    failEvery("setupUser", 100, 500); // the B2C account fails all run long

    SyncReport failing = env.crmSync().sync(adapter, options(checkpoints).build());
    env.sandbox.faults().clear();
    SyncReport fixed = env.crmSync().sync(adapter, options(checkpoints).build());

    assertThat(failing.failures())
        .filteredOn(f -> f.crmId().equals("cy"))
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.DEPENDENCY));
    assertThat(fixed.complete()).isTrue();
    assertThat(env.state()).isEqualTo(expected);
    assertThat(env.duplicates()).isEmpty();
  }

  // ---- 9. an over-long id is its record's own bad data

  @Test
  void finding9_anOverLongContactIdFailsOnlyThatContactNamingTheField() {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(2));
    String longId = "c".repeat(250);
    adapter.contacts.add(CrmContact.person(longId, "A-1", "Long", null));
    CheckpointStore checkpoints = CheckpointStore.inMemory();

    SyncReport report = env.crmSync().sync(adapter, options(checkpoints).build());

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.recordType()).isEqualTo(CrmRecordType.CONTACT);
              assertThat(f.crmId()).isEqualTo(longId);
              assertThat(f.field()).isEqualTo("crmId");
              assertThat(f.kind()).isEqualTo(FailureKind.RECORD_DATA);
            });
    assertThat(report.complete()).as("its own data: nothing pending").isTrue();
    assertThat(report.countsOf(CrmRecordType.CONTACT).created()).isEqualTo(4);
    assertThat(checkpoints.load("test-crm/contacts").pending()).isEmpty();
  }

  // ---- 12. paging that never ends

  @Test
  void finding12_aScaleThatIgnoresTheOffsetEndsWithAnErrorNotALoop() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    StringBuilder page = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      page.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(new UUID(0, i))
          .append("\",\"productName\":\"P\",\"qty\":1,\"qtyDimension\":\"SEATS\",")
          .append("\"qtyEnforcementType\":\"ENFORCED\"}");
    }
    byte[] body = page.append("]").toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (ScaleConnection c =
        ScaleConnection.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId(env.sandbox.generatedKeyId())
                    .issuer("t")
                    .subject("t")
                    .privateKeyPem(env.sandbox.generatedPrivateKeyPem())
                    .build())
            .build()) {
      ScaleApi api = new GeneratedScaleApi(c);
      ScaleException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              ScaleException.class, () -> api.licenses(UUID.randomUUID().toString()));
      assertThat(e).hasMessageContaining("already sent");
    } finally {
      server.stop(0);
    }
  }

  // ---- 14. listeners run outside locks

  @Test
  void finding14_aListenerThatSyncsAnotherAccountCannotDeadlockTwoWorkers() throws Exception {
    CrmSync crm = env.crmSync();
    CountDownLatch both = new CountDownLatch(2);
    SyncListener crossing =
        new SyncListener() {
          @Override
          public void onRecord(CrmRecordType type, String crmId, Outcome outcome) {
            if (type != CrmRecordType.ACCOUNT || !Set.of("A-1", "A-2").contains(crmId)) {
              return;
            }
            both.countDown();
            try {
              both.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            // the listener of A-1 touches A-2 and the other way round
            crm.upsertLicensee(
                CrmAccount.b2b(crmId.equals("A-1") ? "A-2" : "A-1", "touched by a listener"));
          }
        };
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("A-1", "One"));
    adapter.accounts.add(CrmAccount.b2b("A-2", "Two"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<SyncReport> run =
          pool.submit(
              () ->
                  crm.sync(
                      adapter,
                      options(CheckpointStore.none()).concurrency(2).listener(crossing).build()));
      // a deadlock never returns; a live sync returns in well under this bound
      SyncReport report = run.get(2, TimeUnit.MINUTES);
      assertThat(report.failures()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- found by the torture test: a retry must not trust a license list that lacks a lost grant

  @Test
  void aGrantWhoseAnswerAndReReadsWereLostIsNotIssuedAgainByTheRetry() {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("acc", "Acme"));
    adapter.orders.add(CrmOrder.of("D", "acc", List.of(CrmOrderLine.of("L", "PRO", 4))));
    // the grant lands but its answer is lost; both re-reads fail (4 attempts each), so the order
    // fails as pending and the run tries it again in a retry pass
    env.sandbox.faults().loseResponseOfNth("grantLicensesByProductConfig", 1);
    failEvery("listLicenses", 8, 503);

    SyncReport run = env.crmSync().sync(adapter, options(CheckpointStore.none()).build());

    long landed =
        env.sandbox.journal().entries("grantLicensesByProductConfig").stream()
            .filter(e -> e.status() == JournalEntry.NO_RESPONSE || e.status() / 100 == 2)
            .count();
    assertThat(landed).as("grants that reached Scale").isEqualTo(1);
    assertThat(run.actionCounts()).doesNotContainKey(ActionType.DELETE_DUPLICATE_LICENSE);
    assertThat(run.complete()).isTrue();
    assertThat(env.sandbox.snapshot().licenses()).hasSize(1);
  }

  @Test
  void aSecondWritersLicenseIsRepairedByTheRetryWhenTheReadThatVerifiesTheGrantFailed() {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("acc", "Acme"));
    adapter.orders.add(CrmOrder.of("D", "acc", List.of(CrmOrderLine.of("L", "PRO", 4))));
    // the read that verifies the grant fails (4 attempts), so the order is retried in the run
    failEvery("listLicenses", 4, 503);
    // a second writer, which looked before this grant landed, issues the same line just after it
    ScaleApi secondWriter = new GeneratedScaleApi(env.connect(RetryPolicy.none()));
    AtomicBoolean raced = new AtomicBoolean();
    ScaleConnection first =
        env.connect()
            .withListener(
                new ScaleCallListener() {
                  @Override
                  public void onResult(
                      String operation, int attempt, int status, java.time.Duration elapsed) {
                    if (operation.equals("grantLicensesByProductConfig")
                        && status / 100 == 2
                        && raced.compareAndSet(false, true)) {
                      SandboxSnapshot.SnapLicense l = env.sandbox.snapshot().licenses().get(0);
                      secondWriter.grant(
                          l.licenseeId().toString(),
                          new GrantRequest(
                              l.productConfigId(),
                              l.qty(),
                              l.validFrom(),
                              l.validUntil(),
                              Objects.requireNonNull(l.orderReference()),
                              l.productReference(),
                              l.subscriptionReference(),
                              l.contractReference()));
                    }
                  }
                });

    SyncReport run =
        env.crmSync(first, false).sync(adapter, options(CheckpointStore.none()).build());

    assertThat(raced).isTrue();
    assertThat(env.sandbox.journal().entries("grantLicensesByProductConfig")).hasSize(2);
    assertThat(run.complete()).as("failures: %s", run.failures()).isTrue();
    assertThat(env.duplicates()).as("the run reported itself complete").isEmpty();
    assertThat(run.actionCounts()).containsEntry(ActionType.DELETE_DUPLICATE_LICENSE, 1L);
    assertThat(env.sandbox.snapshot().licenses()).hasSize(1);
  }

  // ---- found by the benchmark: a full executor must not stall a batch flush

  @Test
  void aFullExecutorCannotDeadlockTheAccessBatchOfABigAccount() throws Exception {
    ListCrmAdapter adapter = new ListCrmAdapter(TestCrm.of(0));
    adapter.accounts.add(CrmAccount.b2b("big", "Big Co"));
    for (int i = 0; i < 150; i++) {
      adapter.contacts.add(CrmContact.person("p-" + i, "big", "Person " + i, null));
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // one worker, a small queue: the 100th contact's batch is flushed while the queue is full
      Future<SyncReport> run =
          pool.submit(
              () ->
                  env.crmSync()
                      .sync(
                          adapter,
                          options(CheckpointStore.none()).concurrency(1).pageSize(10).build()));
      // a deadlock never returns; a live sync returns in well under this bound
      SyncReport report = run.get(2, TimeUnit.MINUTES);
      assertThat(report.failures()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    UUID licensee = env.sandbox.snapshot().licenseeByNaturalId("hubspot:big").orElseThrow().id();
    assertThat(env.sandbox.snapshot().consumerIdsWithAccessTo(licensee)).hasSize(150);
  }

  // ---- 15. a checkpoint store that fails makes a failed run, not an exception

  @Test
  void finding15_anUnwritableCheckpointStoreStopsTheRunWithoutThrowing() throws IOException {
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("cp.json")); // a directory where the file should be
    CheckpointStore checkpoints = CheckpointStore.file(blocked.resolve("cp.json"));

    SyncReport report = env.crmSync().sync(new ListCrmAdapter(DATA), options(checkpoints).build());

    assertThat(report.stopped())
        .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(StopReason.CHECKPOINT_STORE));
    assertThat(report.complete()).isFalse();
  }

  @Test
  void finding15_theFileStoreNeverLeavesAHalfWrittenFile() throws IOException {
    Path file = dir.resolve("cp.json");
    CheckpointStore store = CheckpointStore.file(file);
    ChangeCursor at = new ChangeCursor(Instant.parse("2026-01-01T00:00:00Z"), "x");
    for (int i = 0; i < 20; i++) {
      int n = i;
      store.update(
          "s/" + n,
          cp ->
              new Checkpoint(
                  at,
                  Map.of("p" + n, new PendingRecord("p" + n, at, FailureKind.ENVIRONMENT, "503"))));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left behind")
          .containsExactlyInAnyOrder("cp.json", "cp.json.lock");
    }
    assertThat(CheckpointStore.file(file).load("s/19").pending()).containsKey("p19");
  }

  // ---- helpers

  private static List<String> cleanState() {
    return clean;
  }
}
