package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.RetryPolicy;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole syncs against the sandbox: replayed, dry-run, interrupted after each kind of write (with
 * the write applied but its answer lost, or not applied), resumed, and run concurrently. Each
 * scenario must end in exactly the state one clean run leaves.
 */
class CrmSyncBulkTest {
  static ScaleTestEnv env;
  static final TestCrm DATA = TestCrm.of(12);
  static List<String> cleanState;
  static io.scalecrm.client.ScaleConnection noRetryConnection;

  @TempDir Path dir;

  @BeforeAll
  static void referenceRun() {
    env = ScaleTestEnv.start();
    noRetryConnection = env.connect(RetryPolicy.none());
    SyncReport report = env.crmSync().sync(new ListCrmAdapter(DATA), options().build());
    assertThat(report.failures()).isEmpty();
    cleanState = env.state();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void reset() {
    env.sandbox.reset();
    env.sandbox.faults().clear();
  }

  static SyncOptions.Builder options() {
    return SyncOptions.builder().pageSize(5).concurrency(4);
  }

  @Test
  void aCleanRunCreatesEverythingOnce() {
    // 12 accounts: 3 B2C (each with its person consumer), 9 B2B with two contacts each
    assertThat(cleanState).filteredOn(s -> s.startsWith("licensee ")).hasSize(12);
    assertThat(cleanState).filteredOn(s -> s.startsWith("consumer ")).hasSize(3 + 18);
    assertThat(cleanState).filteredOn(s -> s.startsWith("access ")).hasSize(21);
    assertThat(cleanState).filteredOn(s -> s.startsWith("license ")).hasSize(DATA.lineCount());
    assertThat(cleanState).noneMatch(s -> s.contains("email:"));
  }

  @Test
  void aSecondRunWritesNothingAndChangesNothing() {
    CrmSync crm = env.crmSync();
    SyncReport first = crm.sync(new ListCrmAdapter(DATA), options().build());
    List<String> afterFirst = env.state();
    SyncReport second = crm.sync(new ListCrmAdapter(DATA), options().build());

    assertThat(first.countsOf(CrmRecordType.ACCOUNT)).isEqualTo(new OutcomeCounts(12, 0, 0, 0, 0));
    assertThat(first.countsOf(CrmRecordType.ORDER_LINE))
        .isEqualTo(new OutcomeCounts(24, 0, 0, 0, 0));
    assertThat(first.writes()).isPositive();
    assertThat(second.writes()).isZero();
    assertThat(second.actions()).isEmpty();
    assertThat(second.countsOf(CrmRecordType.ACCOUNT)).isEqualTo(new OutcomeCounts(0, 0, 12, 0, 0));
    assertThat(second.countsOf(CrmRecordType.CONTACT)).isEqualTo(new OutcomeCounts(0, 0, 21, 0, 0));
    assertThat(second.countsOf(CrmRecordType.ORDER_LINE))
        .isEqualTo(new OutcomeCounts(0, 0, 24, 0, 0));
    assertThat(env.state()).isEqualTo(afterFirst).isEqualTo(cleanState);
    assertThat(env.duplicates()).isEmpty();
  }

  @Test
  void apiCallsAreCountedPerOperationAsScaleSeesThem() {
    SyncReport report = env.crmSync().sync(new ListCrmAdapter(DATA), options().build());

    Map<String, Integer> journal = env.sandbox.journal().counts();
    report
        .apiCalls()
        .forEach((op, n) -> assertThat(journal.get(op)).as(op).isEqualTo(n.intValue()));
    assertThat(report.apiCallsTotal()).isEqualTo(journal.values().stream().mapToInt(i -> i).sum());
    assertThat(report.apiCalls())
        .containsEntry("setupOrganization", 9L)
        .containsEntry("setupUser", 3L);
  }

  @Test
  void aDryRunWritesNothingAndPlansExactlyWhatTheRealRunDoes() {
    CrmSync crm = env.crmSync();
    SyncReport plan = crm.sync(new ListCrmAdapter(DATA), options().dryRun(true).build());
    int writesAfterPlan = env.writes();
    SyncReport real = crm.sync(new ListCrmAdapter(DATA), options().build());

    assertThat(writesAfterPlan).isZero();
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.writes()).isZero();
    assertThat(plan.counts()).isEqualTo(real.counts());
    assertThat(sorted(plan.actions())).isEqualTo(sorted(real.actions())).isNotEmpty();
    assertThat(env.state()).isEqualTo(cleanState);
  }

  @Test
  void aDryRunAfterARealRunPlansNothing() {
    CrmSync crm = env.crmSync();
    crm.sync(new ListCrmAdapter(DATA), options().build());
    int writes = env.writes();

    SyncReport plan = crm.sync(new ListCrmAdapter(DATA), options().dryRun(true).build());

    assertThat(plan.actions()).isEmpty();
    assertThat(env.writes()).isEqualTo(writes);
  }

  private static List<String> sorted(List<SyncAction> actions) {
    return actions.stream().map(SyncAction::toString).sorted().toList();
  }

  static Stream<Arguments> writes() {
    List<Arguments> args = new ArrayList<>();
    for (String op :
        List.of(
            "setupOrganization",
            "setupUser",
            "createLicenseConsumer",
            "updateLicenseConsumer",
            "grantAccessToDefaultContainer",
            "grantLicensesByProductConfig")) {
      for (int n : new int[] {1, 2}) {
        args.add(Arguments.of(op, n, true));
        args.add(Arguments.of(op, n, false));
      }
    }
    return args.stream();
  }

  /**
   * The n-th write of one kind fails: either applied with its answer lost, or refused before it is
   * applied (a crash of Scale's side); retries are off so the failure reaches the sync. Then the
   * sync runs again, as a restarted process would. The end state equals one clean run.
   */
  @ParameterizedTest(name = "{0} #{1} applied={2}")
  @MethodSource("writes")
  void interruptedAfterAWriteAndRerunEndsAsOneCleanRun(String operation, int n, boolean applied) {
    if (applied) {
      env.sandbox.faults().loseResponseOfNth(operation, n);
    } else {
      env.sandbox.faults().failNth(operation, n, 503);
    }
    CrmSync noRetries = env.crmSync(noRetryConnection, false);
    CheckpointStore checkpoints = CheckpointStore.file(dir.resolve("checkpoints.properties"));

    SyncReport interrupted =
        noRetries.sync(new ListCrmAdapter(DATA), options().checkpoints(checkpoints).build());
    SyncReport resumed =
        env.crmSync().sync(new ListCrmAdapter(DATA), options().checkpoints(checkpoints).build());

    assertThat(env.sandbox.journal().count(operation))
        .as("the fault was hit")
        .isGreaterThanOrEqualTo(n);
    // a refused create is ambiguous (a 5xx may come after the write): the run reads twice and
    // creates once more, so it may finish; whatever it could not finish is pending
    assertThat(interrupted.failures()).allMatch(SyncFailure::pending);
    assertThat(interrupted.complete()).isEqualTo(interrupted.failures().isEmpty());
    assertThat(resumed.failures()).isEmpty();
    assertThat(env.state()).isEqualTo(cleanState);
    assertThat(env.duplicates()).isEmpty();
  }

  @Test
  void aCrashBetweenPhasesResumesFromTheCheckpoint() {
    CheckpointStore checkpoints = CheckpointStore.file(dir.resolve("cp.properties"));
    ListCrmAdapter crashing = new ListCrmAdapter(DATA);
    crashing.failReadsOf = CrmRecordType.ORDER;

    SyncReport crashed = env.crmSync().sync(crashing, options().checkpoints(checkpoints).build());
    ListCrmAdapter restarted = new ListCrmAdapter(DATA);
    SyncReport resumed = env.crmSync().sync(restarted, options().checkpoints(checkpoints).build());

    assertThat(crashed.failures()).singleElement().satisfies(f -> assertThat(f.pending()).isTrue());
    assertThat(resumed.countsOf(CrmRecordType.ACCOUNT).total())
        .as("accounts were checkpointed")
        .isZero();
    assertThat(resumed.countsOf(CrmRecordType.CONTACT).total()).isZero();
    assertThat(resumed.countsOf(CrmRecordType.ORDER_LINE).created()).isEqualTo(24);
    assertThat(env.state()).isEqualTo(cleanState);
  }

  @Test
  void checkpointsMakeTheNextRunIncremental() {
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    CrmSync crm = env.crmSync();
    crm.sync(new ListCrmAdapter(DATA), options().checkpoints(checkpoints).build());
    ListCrmAdapter changed = new ListCrmAdapter(DATA);
    CrmAccount renamed =
        new CrmAccount(
            "A-5",
            "Company Müller 5 Oyj",
            "Müller 5",
            "ops5@company5.example",
            "Street 5\nHelsinki",
            CustomerType.B2B,
            Map.of(),
            Instant.parse("2026-12-01T00:00:00Z"));
    changed.accounts.replaceAll(a -> a.crmId().equals("A-5") ? renamed : a);

    SyncReport incremental = crm.sync(changed, options().checkpoints(checkpoints).build());

    assertThat(incremental.countsOf(CrmRecordType.ACCOUNT))
        .isEqualTo(new OutcomeCounts(0, 1, 0, 0, 0));
    assertThat(incremental.countsOf(CrmRecordType.CONTACT).total()).isZero();
    assertThat(incremental.writes()).isEqualTo(1);
    assertThat(env.sandbox.snapshot().licenseeByNaturalId("hubspot:A-5").orElseThrow().name())
        .isEqualTo("Company Müller 5 Oyj");
  }

  @Test
  void twoConcurrentSyncsOfTheSameDataLeaveNoDuplicates() throws Exception {
    // Different lock scopes: the two behave like separate processes sharing no locks.
    CrmSync one =
        CrmSync.builder()
            .connection(env.connect())
            .mapping(env.crmSync().mapping())
            .lockScope("process-1")
            .build();
    CrmSync two =
        CrmSync.builder()
            .connection(env.connect())
            .mapping(env.crmSync().mapping())
            .lockScope("process-2")
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<SyncReport>> runs =
          List.of(
              () -> one.sync(new ListCrmAdapter(DATA), options().concurrency(6).build()),
              () -> two.sync(new ListCrmAdapter(DATA), options().concurrency(6).build()));
      List<SyncReport> reports = new ArrayList<>();
      for (Future<SyncReport> f : pool.invokeAll(runs)) {
        reports.add(f.get());
      }
      // A racing writer may have lost a create; the loser adopts the winner's entity.
      reports.forEach(r -> assertThat(r.failures()).as("failures").isEmpty());
    } finally {
      pool.shutdownNow();
    }
    assertThat(env.duplicates()).isEmpty();
    assertThat(env.state()).isEqualTo(cleanState);
    SyncReport third = env.crmSync().sync(new ListCrmAdapter(DATA), options().build());
    assertThat(third.writes()).isZero();
  }

  @Test
  void badRecordsAreReportedWithRecordAndFieldWhileTheRestSyncs() {
    ListCrmAdapter adapter = new ListCrmAdapter(DATA);
    adapter.rejectedAccounts.add(
        new InvalidCrmRecordException(
            CrmRecordType.ACCOUNT, "A-99", "email", "is not a valid email address"));
    adapter.orders.add(
        new CrmOrder(
            "O-bad",
            "A-1",
            List.of(CrmOrderLine.of("L-bad-1", "UNKNOWN", 1), CrmOrderLine.of("L-good", "PRO", 3)),
            List.of(
                new InvalidCrmRecordException(
                    CrmRecordType.ORDER_LINE, "L-bad-2", "quantity", "must be positive (was 0)")),
            Instant.parse("2026-06-01T00:00:00Z")));
    adapter.orders.add(CrmOrder.of("O-orphan", "A-404", List.of(CrmOrderLine.of("L-o", "PRO", 1))));

    SyncReport report = env.crmSync().sync(adapter, options().build());

    assertThat(report.failures())
        .extracting(SyncFailure::recordType, SyncFailure::crmId, SyncFailure::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(CrmRecordType.ACCOUNT, "A-99", "email"),
            org.assertj.core.groups.Tuple.tuple(CrmRecordType.ORDER_LINE, "L-bad-1", "sku"),
            org.assertj.core.groups.Tuple.tuple(CrmRecordType.ORDER_LINE, "L-bad-2", "quantity"),
            org.assertj.core.groups.Tuple.tuple(CrmRecordType.ORDER, "O-orphan", "accountCrmId"));
    assertThat(report.failures())
        .filteredOn(SyncFailure::pending)
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.DEPENDENCY));
    assertThat(report.successful()).isFalse();
    assertThat(report.complete()).as("the orphan order waits for its account").isFalse();
    assertThat(report.countsOf(CrmRecordType.ACCOUNT)).isEqualTo(new OutcomeCounts(12, 0, 0, 0, 1));
    assertThat(report.countsOf(CrmRecordType.ORDER_LINE))
        .isEqualTo(new OutcomeCounts(25, 0, 0, 0, 3));
    assertThat(env.sandbox.snapshot().licenses()).hasSize(25);
  }

  @Test
  void writeBackOffersEveryNewScaleIdOnce() {
    ListCrmAdapter adapter = new ListCrmAdapter(DATA);
    adapter.writeBack = true;
    CrmSync crm = env.crmSync();

    crm.sync(adapter, options().build());
    int afterFirst = adapter.writtenBack.size();
    crm.sync(adapter, options().build());

    assertThat(afterFirst).isEqualTo(12 + 21 + 24);
    assertThat(adapter.writtenBack).hasSize(afterFirst);
    assertThat(adapter.writtenBack)
        .filteredOn(l -> l.recordType() == CrmRecordType.ACCOUNT && l.crmId().equals("A-1"))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l.scaleId())
                    .isEqualTo(
                        env.sandbox
                            .snapshot()
                            .licenseeByNaturalId("hubspot:A-1")
                            .orElseThrow()
                            .id()
                            .toString()));
  }

  @Test
  void progressIsReportedToTheListener() {
    List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    SyncListener listener =
        new SyncListener() {
          @Override
          public void onPhase(CrmRecordType type) {
            events.add("phase " + type);
          }

          @Override
          public void onRecord(CrmRecordType type, String crmId, Outcome outcome) {
            events.add(type + " " + outcome);
          }
        };

    env.crmSync().sync(new ListCrmAdapter(DATA), options().listener(listener).build());

    assertThat(events)
        .filteredOn(e -> e.startsWith("phase"))
        .containsExactly("phase ACCOUNT", "phase CONTACT", "phase ORDER");
    assertThat(events).filteredOn(e -> e.equals("ORDER_LINE CREATED")).hasSize(24);
  }
}
