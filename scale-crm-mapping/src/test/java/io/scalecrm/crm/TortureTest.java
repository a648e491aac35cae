package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.testkit.RandomFaults;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomized, seeded torture test that judges exactly-once. For each seed it writes a CRM
 * history over several rounds ({@link TortureCrm}: creates, edits, moves, removals, cancellations,
 * renewals, shared emails, hostile ids) and syncs between rounds under random faults — 5xx, 429,
 * dropped connections, lost answers — with crashes at a random write (in this JVM, and as a real
 * SIGKILL of a separate JVM), a second sync running at the same time, and dry runs. After every
 * run: no duplicate of any key, and a run that reports itself complete has left Scale exactly as
 * the {@link TortureModel} of the CRM says. After the last round, with faults off, one final sync
 * must complete and leave Scale equal to the model, and a full re-read must write nothing.
 *
 * <p>CI runs a fixed list of seeds. {@code -Dtorture.seeds=500} runs seeds 1 to 500 (the soak),
 * {@code -Dtorture.seed=N} replays one ({@code -Dtorture.repeat=M} replays it M times: a race shows
 * under some timings only). A failure names its seed and the command that replays it.
 */
class TortureTest {
  static final List<Long> CI_SEEDS = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);

  static final SandboxProduct PRO = SandboxProduct.of("pro-annual", "Acme Pro", "export", "api");
  static final SandboxProduct BASIC = SandboxProduct.of("basic", "Acme Basic", "view");
  static final UUID GHOST = UUID.fromString("00000000-0000-4000-8000-00000000dead");
  static final Map<String, UUID> SKUS =
      Map.of("PRO", PRO.productConfigId(), "BASIC", BASIC.productConfigId(), "GHOST", GHOST);

  static ScaleSandbox sandbox;
  static final List<ScaleConnection> connections = new ArrayList<>();

  @TempDir static Path dir;
  static final AtomicInteger RUNS = new AtomicInteger();

  /** Totals over every seed, for the soak's figures. */
  static final Stats stats = new Stats();

  @BeforeAll
  static void start() {
    sandbox = ScaleSandbox.startWithGeneratedKey();
  }

  @AfterAll
  static void stop() {
    connections.forEach(ScaleConnection::close);
    sandbox.close();
    System.out.println("torture totals: " + stats);
  }

  static Stream<Long> seeds() {
    String one = System.getProperty("torture.seed");
    if (one != null && !one.isBlank()) {
      // a race shows under some timings only: -Dtorture.repeat=N replays the seed N times
      long seed = Long.parseLong(one.trim());
      return LongStream.range(0, Long.getLong("torture.repeat", 1L)).mapToObj(i -> seed);
    }
    String many = System.getProperty("torture.seeds");
    if (many != null && !many.isBlank()) {
      return LongStream.rangeClosed(1, Long.parseLong(many.trim())).boxed();
    }
    return CI_SEEDS.stream();
  }

  @TestFactory
  Stream<DynamicTest> exactlyOnceUnderFaultsCrashesAndRaces() {
    return seeds()
        .map(
            seed ->
                DynamicTest.dynamicTest(
                    "seed " + seed,
                    () -> {
                      try {
                        new Run(seed).go();
                      } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(
                            "torture seed "
                                + seed
                                + " failed; replay with: mvn -B -pl scale-crm-mapping test"
                                + " -Dtest=TortureTest -Dtorture.seed="
                                + seed
                                + "\n"
                                + e.getMessage(),
                            e);
                      }
                    }));
  }

  static ScaleConnection connection(HttpClient http) {
    ScaleConnection.Builder b =
        ScaleConnection.builder()
            .baseUrl(sandbox.baseUrl())
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId(sandbox.generatedKeyId())
                    .issuer("torture")
                    .subject("torture")
                    .privateKeyPem(sandbox.generatedPrivateKeyPem())
                    .build())
            .retryPolicy(RetryPolicy.exponential(4, Duration.ofMillis(1), Duration.ofMillis(4)))
            .sleeper(d -> {})
            .readTimeout(Duration.ofSeconds(10));
    if (http != null) {
      b.httpClient(http);
    }
    ScaleConnection c = b.build();
    synchronized (connections) {
      connections.add(c);
    }
    return c;
  }

  /** One seed: a CRM history synced round by round, then checked. */
  static final class Run {
    final long seed;
    final Random rnd;
    final TortureCrm crm;
    final AccountRemoval accountRemoval;
    final ContactRemoval contactRemoval;
    final CheckpointStore store;
    final boolean fileStore;
    final Path seedDir;
    boolean mayRepair;
    final Path checkpointFile;
    final ScaleConnection normal;
    int processes;

    Run(long seed) throws IOException {
      this.seed = seed;
      this.rnd = new Random(seed * 7919 + 17);
      this.accountRemoval =
          rnd.nextBoolean() ? AccountRemoval.LEAVE : AccountRemoval.DELETE_LICENSEE;
      this.contactRemoval =
          rnd.nextBoolean() ? ContactRemoval.REVOKE_ACCESS : ContactRemoval.DELETE_CONSUMER;
      this.crm = new TortureCrm(seed, accountRemoval == AccountRemoval.DELETE_LICENSEE);
      this.seedDir =
          Files.createDirectories(dir.resolve("seed-" + seed + "-" + RUNS.incrementAndGet()));
      this.checkpointFile = seedDir.resolve("checkpoints.json");
      int kind = rnd.nextInt(10);
      this.fileStore = kind < 5;
      this.store =
          kind < 5
              ? CheckpointStore.file(checkpointFile)
              : kind < 8 ? CheckpointStore.inMemory() : CheckpointStore.none();
      this.normal = connection(null);
    }

    CrmSync process(ScaleConnection connection) {
      return CrmSync.builder()
          .connection(connection)
          .mapping(
              CrmMapping.builder(TortureCrm.SYSTEM)
                  .skus(SkuTable.of(SKUS))
                  .accountRemoval(accountRemoval)
                  .contactRemoval(contactRemoval)
                  .build())
          .reissueOnDrift(true)
          .lockScope("process-" + seed + "-" + (++processes))
          .ambiguityPause(Duration.ofMillis(2))
          // half the runs save after every record: crashes then meet checkpoints written mid-run
          .checkpointInterval(rnd.nextBoolean() ? Duration.ZERO : Duration.ofMillis(250))
          .build();
    }

    SyncOptions options(CheckpointStore checkpoints) {
      return SyncOptions.builder()
          .concurrency(1 + rnd.nextInt(8))
          .pageSize(1 + rnd.nextInt(40))
          .checkpoints(checkpoints)
          .maxRemovals(RemovalLimit.UNLIMITED)
          .build();
    }

    TortureModel model() {
      return new TortureModel(crm, SKUS);
    }

    void go() throws Exception {
      sandbox.reset();
      sandbox.faults().clear();
      sandbox.journal().reset();
      sandbox.seedProductConfiguration(PRO);
      sandbox.seedProductConfiguration(BASIC);
      crm.seed(5 + rnd.nextInt(6));
      int rounds = 3 + rnd.nextInt(3);
      for (int round = 0; round < rounds; round++) {
        if (round > 0) {
          crm.mutate(4 + rnd.nextInt(10));
        }
        syncRound(round);
      }
      sandbox.faults().clear();
      SyncReport last = process(normal).sync(crm.adapter(), options(store));
      stats.runs++;
      checkNoRepair(last, "the final run");
      assertThat(last.failures())
          .as("the final, fault-free run leaves nothing pending")
          .noneMatch(SyncFailure::pending);
      assertThat(last.complete()).as("the final run is complete: " + last.stopped()).isTrue();
      checkExactly("after the final run");
      SyncReport reread = process(normal).sync(crm.adapter(), options(CheckpointStore.none()));
      stats.runs++;
      assertThat(reread.writes())
          .as("a full re-read of synced data writes nothing: " + reread.apiCalls())
          .isZero();
      assertThat(reread.complete()).isTrue();
      checkExactly("after a full re-read");
      stats.seeds++;
      stats.records += crm.adapter().size();
    }

    private void syncRound(int round) throws Exception {
      TortureCrm.SnapshotAdapter adapter = crm.adapter();
      int scenario = rnd.nextInt(fileStore ? 6 : 5);
      faults();
      long t0 = System.nanoTime();
      try {
        scenario(scenario, adapter, round);
        countFaults();
      } finally {
        System.out.printf(
            "seed %d round %d scenario %d: %d ms%n",
            seed, round, scenario, (System.nanoTime() - t0) / 1_000_000);
      }
    }

    private void scenario(int scenario, TortureCrm.SnapshotAdapter adapter, int round)
        throws Exception {
      switch (scenario) {
        case 0:
        case 1:
          checkRun(process(normal).sync(adapter, options(store)), "round " + round);
          break;
        case 2:
          crashInProcess(adapter, round);
          break;
        case 3:
          twoAtOnce(adapter, round);
          break;
        case 4:
          dryRunThenReal(adapter, round);
          break;
        default:
          killedJvm(adapter, round);
      }
    }

    /** Random faults of every kind for the next run: scripted points and a background rate. */
    private void faults() {
      sandbox.faults().clear();
      if (rnd.nextInt(4) == 0) {
        return;
      }
      String[] writes = {
        "setupOrganization",
        "setupUser",
        "updateLicensee",
        "createLicenseConsumer",
        "updateLicenseConsumer",
        "grantAccessToDefaultContainer",
        "grantLicensesByProductConfig",
        "revokeLicenses",
        "deleteLicense"
      };
      String[] reads = {
        "findLicenseeByNaturalId",
        "findLicenseeByEmail",
        "listLicensees",
        "findLicenseConsumerByExternalReference",
        "findLicenseConsumerByEmail",
        "listLicenseConsumers",
        "listDefaultContainerLicenseConsumers",
        "listLicenses"
      };
      int[] statuses = {500, 502, 503, 504, 429};
      for (int i = rnd.nextInt(6); i > 0; i--) {
        String op = writes[rnd.nextInt(writes.length)];
        int n = 1 + rnd.nextInt(8);
        switch (rnd.nextInt(3)) {
          case 0:
            sandbox.faults().loseResponseOfNth(op, n);
            stats.lostAnswers++;
            break;
          case 1:
            sandbox.faults().failNth(op, n, statuses[rnd.nextInt(statuses.length)]);
            stats.errors++;
            break;
          default:
            sandbox.faults().dropConnectionOnNext(op, 1 + rnd.nextInt(2));
            stats.resets++;
        }
      }
      for (int i = rnd.nextInt(4); i > 0; i--) {
        String op = reads[rnd.nextInt(reads.length)];
        sandbox.faults().failNth(op, 1 + rnd.nextInt(6), statuses[rnd.nextInt(statuses.length)]);
        stats.errors++;
      }
      if (rnd.nextInt(3) != 0) {
        // a seeded random profile on every call: 5xx, 429, resets, lost answers, latency
        double scale = 0.5 + rnd.nextDouble();
        sandbox
            .faults()
            .randomFaults(
                RandomFaults.builder()
                    .seed(rnd.nextLong())
                    .rate(500, 0.04 * scale)
                    .rate(502, 0.02 * scale)
                    .rate(503, 0.04 * scale)
                    .rate(504, 0.02 * scale)
                    .rate(429, 0.05 * scale)
                    .resetRate(0.02 * scale)
                    .lostAnswerRate(0.02 * scale)
                    .latency(Duration.ZERO, Duration.ofMillis(rnd.nextInt(3)))
                    .build());
        stats.errorRates++;
      }
      if (rnd.nextInt(3) == 0) {
        sandbox.faults().throttleNext(1 + rnd.nextInt(3), "0");
        stats.errors++;
      }
    }

    private void crashInProcess(TortureCrm.SnapshotAdapter adapter, int round) {
      int writes = Math.max(1, adapter.size());
      KillableHttpClient http = new KillableHttpClient(1 + rnd.nextInt(writes), rnd.nextBoolean());
      ScaleConnection dying = connection(http);
      SyncReport died =
          process(dying).sync(adapter, options(new DyingCheckpointStore(store, http.dead)));
      stats.runs++;
      checkNoRepair(died, "a run that crashed in round " + round);
      if (http.dead.get()) {
        stats.crashes++;
        assertThat(died.complete()).as("a run that died does not report itself complete").isFalse();
      } else {
        checkRun(died, "round " + round + " (crash point not reached)");
      }
      checkDuplicates("after a crash in round " + round);
    }

    private void twoAtOnce(TortureCrm.SnapshotAdapter adapter, int round) throws Exception {
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        CrmSync a = process(normal);
        CrmSync b = process(connection(null));
        SyncOptions oa = options(store);
        SyncOptions ob = options(rnd.nextBoolean() ? store : CheckpointStore.inMemory());
        Future<SyncReport> fa = two.submit(() -> a.sync(adapter, oa));
        Future<SyncReport> fb = two.submit(() -> b.sync(adapter, ob));
        SyncReport ra = fa.get(5, TimeUnit.MINUTES);
        SyncReport rb = fb.get(5, TimeUnit.MINUTES);
        stats.runs += 2;
        stats.concurrent++;
        stats.repairsUnderConcurrency += repairs(ra) + repairs(rb);
        mayRepair = false;
        checkDuplicates(
            "after two syncs at once in round "
                + round
                + " (first: complete "
                + ra.complete()
                + ", failures "
                + ra.failures()
                + ", actions "
                + ra.actions()
                + "; second: complete "
                + rb.complete()
                + ", failures "
                + rb.failures()
                + ", actions "
                + rb.actions()
                + ")");
        if (ra.complete() || rb.complete()) {
          checkExactly("after two syncs at once, one complete, in round " + round);
        }
      } finally {
        two.shutdownNow();
      }
    }

    private void dryRunThenReal(TortureCrm.SnapshotAdapter adapter, int round) {
      sandbox.faults().clear();
      int writesBefore = sandbox.journal().writes();
      SyncReport plan =
          process(normal).sync(adapter, options(store).toBuilder().dryRun(true).build());
      stats.runs++;
      assertThat(sandbox.journal().writes()).as("a dry run writes nothing").isEqualTo(writesBefore);
      assertThat(plan.writes()).isZero();
      faults();
      checkRun(process(normal).sync(adapter, options(store)), "round " + round + " after a plan");
    }

    private void killedJvm(TortureCrm.SnapshotAdapter adapter, int round) throws Exception {
      Path snapshot = seedDir.resolve("round-" + round + ".json");
      TortureChild.write(adapter, snapshot);
      Path key = seedDir.resolve("key.pem");
      Files.writeString(key, sandbox.generatedPrivateKeyPem());
      StringBuilder skus = new StringBuilder();
      SKUS.forEach(
          (k, v) -> skus.append(skus.length() == 0 ? "" : ",").append(k).append('=').append(v));
      sandbox.faults().clear();
      int before = sandbox.journal().writes();
      int killAfter = 1 + rnd.nextInt(Math.max(1, adapter.size()));
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Dsun.net.httpserver.nodelay=true",
                  TortureChild.class.getName(),
                  snapshot.toString(),
                  sandbox.baseUrl().toString(),
                  sandbox.generatedKeyId(),
                  key.toString(),
                  checkpointFile.toString(),
                  Integer.toString(1 + rnd.nextInt(8)),
                  Integer.toString(1 + rnd.nextInt(40)),
                  accountRemoval.name(),
                  skus.toString(),
                  contactRemoval.name())
              .redirectErrorStream(true)
              .redirectOutput(seedDir.resolve("child-" + round + ".log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (child.isAlive()
          && sandbox.journal().writes() - before < killAfter
          && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      boolean killed = child.isAlive();
      child.destroyForcibly(); // SIGKILL on Linux
      child.waitFor(1, TimeUnit.MINUTES);
      stats.runs++;
      if (killed) {
        stats.kills++;
        // a request the child sent just before it died may still land during the next run
        mayRepair = true;
      }
      checkDuplicates("after a SIGKILL in round " + round);
    }

    private void countFaults() {
      sandbox.faults().randomFaultCounts().forEach((kind, n) -> stats.randomFaults += n);
    }

    /**
     * With one writer, a duplicate license can only come from a blind second create: a run that
     * resolves every ambiguous write by reading never has one to repair. Repairs are legitimate
     * only when a second writer ran (a concurrent pair, or a killed JVM's last request landing
     * late).
     */
    private void checkNoRepair(SyncReport report, String when) {
      if (mayRepair) {
        stats.repairsUnderConcurrency += repairs(report);
        mayRepair = false;
        return;
      }
      assertThat(repairs(report))
          .as(
              "duplicate licenses repaired by %s with no second writer (a blind second create)",
              when)
          .isZero();
    }

    private long repairs(SyncReport report) {
      return report.actionCounts().getOrDefault(ActionType.DELETE_DUPLICATE_LICENSE, 0L);
    }

    private void checkRun(SyncReport report, String when) {
      stats.runs++;
      checkNoRepair(report, when);
      checkDuplicates(when);
      if (report.complete()) {
        checkExactly(
            when
                + ": the run reported itself complete; its actions: "
                + report.actions()
                + "; its failures: "
                + report.failures());
      } else if (fileStore || store != CheckpointStore.none()) {
        assertThat(report.pendingRecords())
            .as(when + ": an incomplete run says how much is pending, or why it stopped")
            .matches(n -> n > 0 || report.stopped().isPresent());
      }
    }

    private void checkDuplicates(String when) {
      List<String> dups = TortureModel.duplicates(sandbox.snapshot(), Instant.now());
      stats.duplicatesSeen += dups.size();
      assertThat(dups).as("duplicates " + when).isEmpty();
    }

    private void checkExactly(String when) {
      List<String> problems = model().check(sandbox.snapshot(), Instant.now());
      stats.recordsLost += problems.size();
      assertThat(problems).as("Scale differs from the model " + when).isEmpty();
    }
  }

  /** Figures of the runs, for RELIABILITY.md. */
  static final class Stats {
    long seeds;
    long records;
    long runs;
    long errors;
    long errorRates;
    long randomFaults;
    long resets;
    long lostAnswers;
    long crashes;
    long kills;
    long concurrent;
    long duplicatesSeen;
    long repairsUnderConcurrency;
    long recordsLost;

    @Override
    public synchronized String toString() {
      return "seeds="
          + seeds
          + " records(final CRM)="
          + records
          + " syncRuns="
          + runs
          + " scriptedErrors="
          + errors
          + " randomFaultProfiles="
          + errorRates
          + " randomFaultsInjected="
          + randomFaults
          + " droppedConnections="
          + resets
          + " lostAnswers="
          + lostAnswers
          + " inProcessCrashes="
          + crashes
          + " sigkills="
          + kills
          + " concurrentPairs="
          + concurrent
          + " duplicatesSeen="
          + duplicatesSeen
          + " duplicateLicensesRepairedAfterASecondWriter="
          + repairsUnderConcurrency
          + " modelDifferences="
          + recordsLost;
    }
  }
}
