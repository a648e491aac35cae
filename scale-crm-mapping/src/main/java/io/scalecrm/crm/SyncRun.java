package io.scalecrm.crm;

import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link CrmSync#sync}: three phases (accounts, contacts, orders), each a stream read
 * page by page from the adapter and handled by a pool, where the records of one account run one at
 * a time and in order. Work that is cheaper per licensee than per record waits in batches: access
 * grants (at most {@value ScaleApi#PAGE} consumers per call) and the read that verifies newly
 * issued licenses. Removals are only planned during the phases and applied at the end, after the
 * removal guard allowed them. A {@link CursorTracker} per stream decides how far each checkpoint
 * may move; everything that could not finish for a reason other than its own data stays pending.
 */
final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

  /** Waiting grants (and verifications) above which every batch is flushed, bounding memory. */
  static final int MAX_WAITING = 10_000;

  /**
   * The shortest time between two checkpoint saves within a phase (a durable save costs an fsync or
   * two); the end of every phase always saves.
   */
  static final Duration SAVE_INTERVAL = Duration.ofMillis(250);

  /**
   * How often a record that failed because of its environment (5xx, 429, a broken connection) is
   * tried again within the same run, after the phase read its whole stream and a pause that doubles
   * each time, so that a sync under a flaky Scale still finishes in one run.
   */
  static final int RETRY_PASSES = 5;

  /** The most records held for retrying within a run; more stay pending for the next run. */
  static final int MAX_RETRIES = 10_000;

  private final CrmMapping mapping;
  private final CrmAdapter adapter;
  private final SyncOptions options;
  private final String lockScope;
  private final Steps steps;
  private final RunState state;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Report report;
  private final Map<CrmRecordType, CursorTracker> trackers = new EnumMap<>(CrmRecordType.class);
  private final Map<CrmRecordType, String> streams = new EnumMap<>(CrmRecordType.class);
  private final List<Removal> removals = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong recordsRead = new AtomicLong();
  private final java.util.concurrent.BlockingQueue<Ticket> retries =
      new java.util.concurrent.LinkedBlockingQueue<>(MAX_RETRIES);
  private final Duration retryPause;
  private volatile @Nullable RunStop stop;
  private volatile boolean authFailed;
  private final Map<CrmRecordType, Long> lastSave = new EnumMap<>(CrmRecordType.class);
  private final long saveIntervalNanos;
  private ExecutorService pool;
  private KeyedExecutor executor;
  private Batches batches;

  SyncRun(
      ScaleConnection connection,
      CrmMapping mapping,
      boolean reissueOnDrift,
      CrmAdapter adapter,
      SyncOptions options,
      String lockScope,
      Duration ambiguityPause,
      Duration saveInterval) {
    this.mapping = mapping;
    this.saveIntervalNanos = saveInterval.toNanos();
    this.adapter = adapter;
    this.options = options;
    this.lockScope = lockScope;
    ScaleConnection counted =
        connection.withListener(
            new ScaleCallListener() {
              @Override
              public void onAttempt(String operation, int attempt) {
                calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
              }
            });
    ScaleApi api = new GeneratedScaleApi(counted);
    if (options.dryRun()) {
      api = new PlanningScaleApi(api);
    }
    this.state =
        new RunState(
            api,
            mapping,
            reissueOnDrift,
            new TenantIndex(TenantIndex.defaultBudget()),
            ambiguityPause);
    this.steps = new Steps(state);
    this.report = new Report(options);
    this.retryPause = ambiguityPause;
  }

  SyncReport run() {
    long start = System.nanoTime();
    pool = Executors.newFixedThreadPool(options.concurrency(), threads());
    executor = new KeyedExecutor(pool, options.concurrency() * 4 + options.pageSize());
    batches = new Batches();
    try {
      phase(CrmRecordType.ACCOUNT, "accounts", adapter::accounts);
      phase(CrmRecordType.CONTACT, "contacts", adapter::contacts);
      phase(CrmRecordType.ORDER, "orders", adapter::orders);
      applyRemovals();
      for (CrmRecordType type : trackers.keySet()) {
        save(type, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(StopReason.INTERRUPTED, "the sync thread was interrupted");
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> apiCalls = new LinkedHashMap<>();
    calls.forEach((op, n) -> apiCalls.put(op, n.get()));
    return report.build(apiCalls, stop, Duration.ofNanos(System.nanoTime() - start));
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "crm-sync-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // =============================================================================================
  // Phases

  private <T extends CrmRecord> void phase(
      CrmRecordType type, String streamName, Function<CrmQuery, CrmPage<T>> reader)
      throws InterruptedException {
    if (stop != null) {
      return;
    }
    report.phase(type);
    String stream = adapter.system() + "/" + streamName;
    streams.put(type, stream);
    Checkpoint loaded;
    try {
      loaded = options.checkpoints().load(stream);
    } catch (RuntimeException e) {
      LOG.debug("Checkpoint store failed", e);
      stop(
          StopReason.CHECKPOINT_STORE,
          "cannot read the checkpoint of " + stream + ": " + e.getMessage());
      return;
    }
    CursorTracker tracker = new CursorTracker(loaded);
    trackers.put(type, tracker);
    report.pendingIn(stream, loaded.pending().size());
    if (loaded.cursor() == null) {
      prefetch(type);
    }
    CrmQuery query = CrmQuery.first(loaded.resumeAfter().orElse(null), options.pageSize());
    boolean fullPass = false;
    while (stop == null) {
      if (options.stopWhen().getAsBoolean()) {
        stop(StopReason.INTERRUPTED, "a stop was requested; the records in flight were finished");
        break;
      }
      CrmPage<T> page;
      try {
        synchronized (adapter) {
          page = reader.apply(query);
        }
      } catch (RuntimeException e) {
        LOG.debug("Reading {} failed", stream, e);
        report.fail(
            new SyncFailure(
                type,
                "(" + stream + ")",
                null,
                "reading " + stream + " failed: " + e.getMessage(),
                FailureKind.of(e) == FailureKind.RECORD_DATA
                    ? FailureKind.BUG
                    : FailureKind.of(e)));
        stop(
            StopReason.CRM_UNAVAILABLE,
            "reading " + stream + " failed; its checkpoint stays where it was: " + e.getMessage());
        break;
      }
      for (InvalidCrmRecordException rejected : page.rejected()) {
        recordsRead.incrementAndGet();
        CrmRecordType counted =
            rejected.recordType() == CrmRecordType.ORDER_LINE ? CrmRecordType.ORDER_LINE : type;
        report.outcome(counted, rejected.crmId(), Outcome.FAILED);
        report.fail(SyncFailure.of(type, rejected.crmId(), rejected));
      }
      for (CrmRecord item : merge(page.records(), page.tombstones())) {
        recordsRead.incrementAndGet();
        if (tracker.handled(item.crmId(), item.cursor())) {
          tracker.skip(item.crmId(), item.cursor());
          continue;
        }
        long seq = tracker.begin(item.crmId(), item.cursor());
        Ticket ticket = new Ticket(type, item, seq, tracker, 0);
        executor.submit(accountOf(item), () -> handle(ticket));
      }
      saveSoon(type);
      if (page.last()) {
        fullPass = true;
        break;
      }
      query = query.next(page);
    }
    executor.awaitIdle();
    batches.flushAll();
    executor.awaitIdle();
    retryPasses();
    save(type, fullPass && stop == null);
    for (String gone : tracker.dropped()) {
      LOG.info(
          "Pending {} {} is no longer in the CRM; dropped from the pending set",
          type.name().toLowerCase(Locale.ROOT),
          gone);
    }
  }

  /**
   * Tries the records that failed because of their environment again, up to {@value #RETRY_PASSES}
   * times with a growing pause, then reports what still failed (it stays pending).
   */
  private void retryPasses() throws InterruptedException {
    for (int pass = 1; pass <= RETRY_PASSES && stop == null; pass++) {
      List<Ticket> again = new ArrayList<>();
      retries.drainTo(again);
      if (again.isEmpty()) {
        break;
      }
      LOG.info(
          "Trying {} records again that failed on their environment (pass {})", again.size(), pass);
      Thread.sleep(retryPause.multipliedBy(1L << pass).toMillis());
      for (Ticket old : again) {
        synchronized (removals) {
          removals.removeAll(old.planned);
        }
        Ticket next = old.retry();
        executor.submit(accountOf(old.record), () -> handle(next));
      }
      executor.awaitIdle();
      batches.flushAll();
      executor.awaitIdle();
    }
    List<Ticket> left = new ArrayList<>();
    retries.drainTo(left);
    left.forEach(Ticket::flush);
  }

  /** Records and tombstones of one page, merged in cursor order. */
  private static List<CrmRecord> merge(
      List<? extends CrmRecord> records, List<CrmTombstone> tombstones) {
    if (tombstones.isEmpty()) {
      return new ArrayList<>(records);
    }
    List<CrmRecord> all = new ArrayList<>(records.size() + tombstones.size());
    int i = 0;
    int j = 0;
    while (i < records.size() || j < tombstones.size()) {
      if (j >= tombstones.size()
          || (i < records.size()
              && records.get(i).cursor().compareTo(tombstones.get(j).cursor()) <= 0)) {
        all.add(records.get(i++));
      } else {
        all.add(tombstones.get(j++));
      }
    }
    return all;
  }

  private static String accountOf(CrmRecord r) {
    if (r instanceof CrmContact) {
      return ((CrmContact) r).accountCrmId();
    }
    if (r instanceof CrmOrder) {
      return ((CrmOrder) r).accountCrmId();
    }
    if (r instanceof CrmTombstone) {
      return String.valueOf(((CrmTombstone) r).accountCrmId());
    }
    return r.crmId();
  }

  /** Reads the tenant's licensees (and, for contacts, consumers) when a phase reads everything. */
  private void prefetch(CrmRecordType type) {
    int parallelism = Math.max(1, options.concurrency());
    if (!state.index.licenseesComplete()) {
      state.index.prefetchLicensees(state.api, pool, parallelism);
    }
    if (type == CrmRecordType.CONTACT && !state.index.consumersComplete()) {
      state.index.prefetchConsumers(state.api, pool, parallelism);
    }
  }

  // =============================================================================================
  // One record

  /**
   * A record in flight: its outcome, failures and waits. It settles in its stream's tracker once
   * nothing waits on it any more; what it reports (outcomes, failures) is staged and reaches the
   * report only when the record is final, so that a record retried within the run is reported once.
   */
  private final class Ticket {
    final CrmRecordType phase;
    final CrmRecord record;
    final long seq;
    final CursorTracker tracker;
    final int attempt;
    private int waits = 1;
    private @Nullable SyncFailure pendingFailure;
    private boolean deferredRemoval;
    private int removalsLeft;
    private boolean removalFailed;
    private final List<Runnable> staged = new ArrayList<>();
    private final List<Removal> planned = new ArrayList<>();

    Ticket(CrmRecordType phase, CrmRecord record, long seq, CursorTracker tracker, int attempt) {
      this.phase = phase;
      this.record = record;
      this.seq = seq;
      this.tracker = tracker;
      this.attempt = attempt;
    }

    Ticket retry() {
      return new Ticket(phase, record, seq, tracker, attempt + 1);
    }

    synchronized void await() {
      waits++;
    }

    synchronized void failed(SyncFailure failure) {
      if (failure.pending() && pendingFailure == null) {
        pendingFailure = failure;
      }
    }

    synchronized void outcome(CrmRecordType type, String crmId, Outcome outcome) {
      staged.add(() -> report.outcome(type, crmId, outcome));
    }

    synchronized void report(SyncFailure failure) {
      staged.add(() -> report.fail(failure));
    }

    void flush() {
      List<Runnable> events;
      synchronized (this) {
        events = new ArrayList<>(staged);
        staged.clear();
      }
      events.forEach(Runnable::run);
    }

    void done() {
      PendingRecord pending = null;
      boolean retry = false;
      boolean auth = false;
      synchronized (this) {
        if (--waits > 0) {
          return;
        }
        if (pendingFailure != null) {
          auth = pendingFailure.kind() == FailureKind.AUTHENTICATION;
          pending =
              new PendingRecord(
                  record.crmId(), record.cursor(), pendingFailure.kind(), shorten(pendingFailure));
          retry =
              pendingFailure.kind() == FailureKind.ENVIRONMENT
                  && attempt < RETRY_PASSES
                  && stop == null;
        } else if (deferredRemoval) {
          pending =
              new PendingRecord(
                  record.crmId(),
                  record.cursor(),
                  FailureKind.REMOVAL_GUARD,
                  "a removal planned by an unfinished run");
        }
      }
      if (auth) {
        // never settles: no cursor passes a record whose credentials were refused
        flush();
        return;
      }
      if (attempt == 0) {
        tracker.settle(seq, pending);
      } else if (pending == null) {
        tracker.resolve(record.crmId());
      } else {
        tracker.keepPending(pending);
      }
      // progress is saved as records finish, not only between pages (throttled)
      saveSoon(phase);
      if (retry && retries.offer(this)) {
        return;
      }
      flush();
    }
  }

  private static String shorten(SyncFailure f) {
    String r = f.reason();
    return r.length() > 300 ? r.substring(0, 300) + "…" : r;
  }

  private void handle(Ticket ticket) {
    if (authFailed) {
      // not attempted: it must not settle, so that no cursor passes it
      ticket.failed(
          new SyncFailure(
              ticket.phase,
              ticket.record.crmId(),
              null,
              "not attempted: the run stopped on an authentication failure",
              FailureKind.AUTHENTICATION));
      ticket.done();
      return;
    }
    CrmRecord record = ticket.record;
    Task task = new Task();
    List<Runnable> after = new ArrayList<>();
    try {
      AccountLocks.withLock(
          lockKey(accountOf(record)),
          () -> {
            handleLocked(ticket, record, task, after);
            return null;
          });
    } catch (RuntimeException e) {
      fail(ticket, SyncFailure.of(recordTypeOf(record), record.crmId(), e), task);
    } catch (Error e) {
      LOG.error("Unexpected error while syncing {} {}", ticket.phase, record.crmId(), e);
      fail(ticket, SyncFailure.of(recordTypeOf(record), record.crmId(), e), task);
    }
    // outside the lock: listeners and the CRM write-back may call back into the SDK
    report.task(task);
    after.forEach(Runnable::run);
    ticket.done();
  }

  private static CrmRecordType recordTypeOf(CrmRecord r) {
    return r instanceof CrmOrder ? CrmRecordType.ORDER : r.recordType();
  }

  private void handleLocked(Ticket ticket, CrmRecord record, Task task, List<Runnable> after) {
    if (record instanceof CrmTombstone) {
      CrmTombstone tombstone = (CrmTombstone) record;
      if (tombstone.recordType() == CrmRecordType.ACCOUNT) {
        state.accountDeleted(tombstone.crmId());
      }
      Optional<PlannedRemoval> plan = steps.planRemoval(task, tombstone);
      if (plan.isPresent()) {
        planRemoval(ticket, plan.get());
      } else {
        ticket.outcome(tombstone.recordType(), tombstone.crmId(), Outcome.UNCHANGED);
      }
    } else if (record instanceof CrmAccount) {
      account(ticket, (CrmAccount) record, task, after);
    } else if (record instanceof CrmContact) {
      contact(ticket, (CrmContact) record, task, after);
    } else {
      order(ticket, (CrmOrder) record, task, after);
    }
  }

  private void account(Ticket ticket, CrmAccount account, Task task, List<Runnable> after) {
    try {
      UpsertResult<ScaleLicensee> r = steps.licensee(task, account);
      state.accountSynced(account.crmId());
      ticket.outcome(CrmRecordType.ACCOUNT, account.crmId(), r.outcome());
      if (r.changed()) {
        after.add(() -> writeBack(ticket, CrmRecordType.ACCOUNT, account.crmId(), r.scaleId()));
      }
    } catch (RuntimeException e) {
      SyncFailure f = SyncFailure.of(CrmRecordType.ACCOUNT, account.crmId(), e);
      state.accountFailed(account.crmId(), account.email(), f.kind());
      throw e;
    }
  }

  private Optional<CrmAccount> lookUpAccount(String accountCrmId) {
    synchronized (adapter) {
      return adapter.account(accountCrmId);
    }
  }

  private void contact(Ticket ticket, CrmContact contact, Task task, List<Runnable> after) {
    LicenseeInfo licensee =
        steps.licenseeOf(
            task,
            CrmRecordType.CONTACT,
            contact.crmId(),
            contact.accountCrmId(),
            this::lookUpAccount);
    Steps.ConsumerResult consumer = steps.consumer(task, contact, licensee);
    Set<String> present = state.access(licensee.id());
    if (present != null && present.contains(consumer.consumerId())) {
      ticket.outcome(CrmRecordType.CONTACT, contact.crmId(), consumer.outcome());
      if (consumer.outcome().changed() && !consumer.linked()) {
        after.add(
            () -> writeBack(ticket, CrmRecordType.CONTACT, contact.crmId(), consumer.consumerId()));
      }
      return;
    }
    ticket.await();
    batches.waitForAccess(ticket, licensee, contact, consumer);
  }

  private void order(Ticket ticket, CrmOrder order, Task task, List<Runnable> after) {
    LicenseeInfo licensee;
    List<Steps.LineStep> lines;
    try {
      licensee =
          steps.licenseeOf(
              task, CrmRecordType.ORDER, order.crmId(), order.accountCrmId(), this::lookUpAccount);
      List<ScaleLicense> licenses =
          steps.licensesOf(task, licensee, CrmRecordType.ORDER, order.crmId());
      lines = steps.lines(task, licensee, order, licenses);
    } catch (MissingDependencyException e) {
      if (order.invalidLines().isEmpty()
          && order.lines().stream().allMatch(io.scalecrm.crm.spi.CrmOrderLine::cancelled)) {
        // every line is cancelled and the account has no licensee (any more): nothing to revoke
        order
            .lines()
            .forEach(l -> ticket.outcome(CrmRecordType.ORDER_LINE, l.lineId(), Outcome.UNCHANGED));
        return;
      }
      SyncFailure f = SyncFailure.of(CrmRecordType.ORDER, order.crmId(), e);
      order
          .lines()
          .forEach(l -> ticket.outcome(CrmRecordType.ORDER_LINE, l.lineId(), Outcome.FAILED));
      fail(ticket, f, task);
      return;
    } catch (RuntimeException e) {
      // every line of the order fails with it
      SyncFailure f = SyncFailure.of(CrmRecordType.ORDER, order.crmId(), e);
      order
          .lines()
          .forEach(l -> ticket.outcome(CrmRecordType.ORDER_LINE, l.lineId(), Outcome.FAILED));
      order
          .invalidLines()
          .forEach(l -> ticket.outcome(CrmRecordType.ORDER_LINE, l.crmId(), Outcome.FAILED));
      fail(ticket, f, task);
      return;
    }
    Set<String> issued = new LinkedHashSet<>();
    List<LineResult> toWriteBack = new ArrayList<>();
    for (Steps.LineStep step : lines) {
      LineResult line = step.result();
      if (step.removal() != null) {
        planRemoval(ticket, step.removal());
        continue;
      }
      if (line.outcome() == LineOutcome.FAILED || line.outcome() == LineOutcome.DRIFT) {
        SyncFailure f =
            line.outcome() == LineOutcome.DRIFT
                ? new SyncFailure(
                    CrmRecordType.ORDER_LINE,
                    line.lineId(),
                    line.drift().isEmpty() ? null : line.drift().iterator().next().recordField(),
                    String.valueOf(line.message()),
                    FailureKind.RECORD_DATA)
                : line.error() != null
                    ? SyncFailure.of(CrmRecordType.ORDER_LINE, line.lineId(), line.error())
                    : new SyncFailure(
                        CrmRecordType.ORDER_LINE,
                        line.lineId(),
                        null,
                        String.valueOf(line.message()),
                        FailureKind.BUG);
        ticket.outcome(CrmRecordType.ORDER_LINE, line.lineId(), Outcome.FAILED);
        fail(ticket, f, task);
        continue;
      }
      if (step.issuedReference() != null) {
        issued.add(step.issuedReference());
        toWriteBack.add(line);
      } else {
        ticket.outcome(CrmRecordType.ORDER_LINE, line.lineId(), line.recordOutcome());
        if (line.outcome() != LineOutcome.UNCHANGED && !line.licenses().isEmpty()) {
          String id = line.licenses().get(0).id();
          after.add(() -> writeBack(ticket, CrmRecordType.ORDER_LINE, line.lineId(), id));
        }
      }
    }
    if (!issued.isEmpty()) {
      ticket.await();
      batches.waitForVerification(ticket, licensee, order, issued, toWriteBack);
    }
  }

  private void fail(Ticket ticket, SyncFailure failure, Task task) {
    ticket.failed(failure);
    if (failure.kind() == FailureKind.AUTHENTICATION && !authFailed) {
      authFailed = true;
      stop(
          StopReason.AUTHENTICATION,
          "Scale refused the credentials, also with a freshly signed token: "
              + failure.reason()
              + ". Check the key id, issuer, private key and permissions registered in the Scale"
              + " console; no checkpoint moved past the refused records");
    }
    ticket.report(failure);
    if (failure.recordType() != CrmRecordType.ORDER_LINE
        && failure.recordType() != CrmRecordType.ORDER) {
      ticket.outcome(failure.recordType(), failure.crmId(), Outcome.FAILED);
    }
  }

  private void writeBack(Ticket ticket, CrmRecordType type, String crmId, String scaleId) {
    if (options.dryRun() || !adapter.supportsWriteBack()) {
      return;
    }
    try {
      synchronized (adapter) {
        adapter.writeBack(new ScaleLink(type, crmId, scaleId));
      }
    } catch (RuntimeException e) {
      SyncFailure f =
          new SyncFailure(
              type,
              crmId,
              null,
              "writing the Scale id back to the CRM failed: " + e.getMessage(),
              FailureKind.of(e) == FailureKind.RECORD_DATA ? FailureKind.BUG : FailureKind.of(e));
      ticket.failed(f);
      ticket.report(f);
    }
  }

  private String lockKey(String accountCrmId) {
    return AccountLocks.key(lockScope, mapping.system(), accountCrmId);
  }

  // =============================================================================================
  // Batches: access grants and the verification of issued licenses, per licensee

  private final class Batches {
    private final class Waiting {
      final LicenseeInfo licensee;
      final String accountCrmId;
      final List<Ticket> accessTickets = new ArrayList<>();
      final List<CrmContact> contacts = new ArrayList<>();
      final List<Steps.ConsumerResult> consumers = new ArrayList<>();
      final List<Ticket> verifyTickets = new ArrayList<>();
      final Set<String> references = new LinkedHashSet<>();
      final List<List<LineResult>> lines = new ArrayList<>();

      Waiting(LicenseeInfo licensee, String accountCrmId) {
        this.licensee = licensee;
        this.accountCrmId = accountCrmId;
      }

      int size() {
        return accessTickets.size() + verifyTickets.size();
      }
    }

    private final Map<String, Waiting> byLicensee = new LinkedHashMap<>();
    private int total;

    void waitForAccess(
        Ticket ticket, LicenseeInfo licensee, CrmContact contact, Steps.ConsumerResult consumer) {
      List<Waiting> flush = new ArrayList<>();
      synchronized (this) {
        Waiting w =
            byLicensee.computeIfAbsent(
                licensee.id(), k -> new Waiting(licensee, contact.accountCrmId()));
        w.accessTickets.add(ticket);
        w.contacts.add(contact);
        w.consumers.add(consumer);
        total++;
        if (w.accessTickets.size() >= ScaleApi.PAGE) {
          flush.add(take(licensee.id()));
        } else if (total > MAX_WAITING) {
          flush.addAll(takeAll());
        }
      }
      submit(flush);
    }

    void waitForVerification(
        Ticket ticket,
        LicenseeInfo licensee,
        CrmOrder order,
        Set<String> references,
        List<LineResult> lines) {
      List<Waiting> flush = new ArrayList<>();
      synchronized (this) {
        Waiting w =
            byLicensee.computeIfAbsent(
                licensee.id(), k -> new Waiting(licensee, order.accountCrmId()));
        w.verifyTickets.add(ticket);
        w.references.addAll(references);
        w.lines.add(lines);
        total++;
        if (total > MAX_WAITING) {
          flush.addAll(takeAll());
        }
      }
      submit(flush);
    }

    void flushAll() {
      List<Waiting> all;
      synchronized (this) {
        all = takeAll();
      }
      submit(all);
    }

    private Waiting take(String licenseeId) {
      Waiting w = byLicensee.remove(licenseeId);
      total -= w.size();
      return w;
    }

    private List<Waiting> takeAll() {
      List<Waiting> all = new ArrayList<>(byLicensee.values());
      byLicensee.clear();
      total = 0;
      return all;
    }

    /** Queues the flushes; never blocks (the caller may be a task holding an account's lock). */
    private void submit(List<Waiting> flush) {
      for (Waiting w : flush) {
        executor.submitFollowUp(w.accountCrmId, () -> flush(w));
      }
    }

    /** Grants the waiting consumers access, then verifies the issued licenses (one read). */
    private void flush(Waiting w) {
      Task task = new Task();
      List<Runnable> after = new ArrayList<>();
      try {
        AccountLocks.withLock(
            lockKey(w.accountCrmId),
            () -> {
              flushLocked(w, task, after);
              return null;
            });
      } catch (RuntimeException e) {
        LOG.error("Unexpected failure in a batch of {}", w.accountCrmId, e);
      }
      report.task(task);
      after.forEach(Runnable::run);
      w.accessTickets.forEach(Ticket::done);
      w.verifyTickets.forEach(Ticket::done);
    }

    private void flushLocked(Waiting w, Task task, List<Runnable> after) {
      if (!w.accessTickets.isEmpty()) {
        List<String> ids = new ArrayList<>();
        w.consumers.forEach(c -> ids.add(c.consumerId()));
        try {
          AccessResult access =
              steps.grantAccess(task, w.licensee, ids, CrmRecordType.ACCOUNT, w.accountCrmId);
          Set<String> granted = new LinkedHashSet<>(access.granted());
          for (int i = 0; i < w.accessTickets.size(); i++) {
            Ticket ticket = w.accessTickets.get(i);
            CrmContact contact = w.contacts.get(i);
            Steps.ConsumerResult consumer = w.consumers.get(i);
            Outcome outcome =
                consumer.outcome() == Outcome.UNCHANGED && granted.contains(consumer.consumerId())
                    ? Outcome.UPDATED
                    : consumer.outcome();
            ticket.outcome(CrmRecordType.CONTACT, contact.crmId(), outcome);
            if (outcome.changed() && !consumer.linked()) {
              after.add(
                  () ->
                      writeBack(
                          ticket, CrmRecordType.CONTACT, contact.crmId(), consumer.consumerId()));
            }
          }
        } catch (RuntimeException e) {
          for (int i = 0; i < w.accessTickets.size(); i++) {
            fail(
                w.accessTickets.get(i),
                SyncFailure.of(CrmRecordType.CONTACT, w.contacts.get(i).crmId(), e),
                task);
          }
        }
      }
      if (!w.verifyTickets.isEmpty()) {
        try {
          Map<String, ScaleLicense> survivors =
              steps.verifyIssued(
                  task, w.licensee, w.references, CrmRecordType.ACCOUNT, w.accountCrmId);
          for (int i = 0; i < w.verifyTickets.size(); i++) {
            Ticket ticket = w.verifyTickets.get(i);
            for (LineResult line : w.lines.get(i)) {
              ticket.outcome(CrmRecordType.ORDER_LINE, line.lineId(), line.recordOutcome());
              ScaleLicense survivor = survivors.get(line.orderReference());
              if (survivor != null) {
                after.add(
                    () ->
                        writeBack(ticket, CrmRecordType.ORDER_LINE, line.lineId(), survivor.id()));
              }
            }
          }
        } catch (RuntimeException e) {
          // the list this run holds lacks what a concurrent writer may have issued: the retry
          // must read (and repair) again instead of finding its own license and calling it done
          state.forgetLicenses(w.licensee.id());
          for (int i = 0; i < w.verifyTickets.size(); i++) {
            Ticket ticket = w.verifyTickets.get(i);
            for (LineResult line : w.lines.get(i)) {
              // issued, but not verified: counted, and the order stays pending so that the next
              // run reads (and repairs) the licensee's licenses again
              ticket.outcome(CrmRecordType.ORDER_LINE, line.lineId(), line.recordOutcome());
            }
            fail(ticket, SyncFailure.of(CrmRecordType.ORDER, ticket.record.crmId(), e), task);
          }
        }
      }
    }
  }

  // =============================================================================================
  // Removals

  /** A planned removal and the record (ticket) it came from. */
  private record Removal(PlannedRemoval plan, Ticket ticket) {}

  private void planRemoval(Ticket ticket, PlannedRemoval plan) {
    Removal removal = new Removal(plan, ticket);
    synchronized (ticket) {
      ticket.deferredRemoval = true;
      ticket.removalsLeft++;
      ticket.planned.add(removal);
    }
    removals.add(removal);
  }

  private void applyRemovals() throws InterruptedException {
    List<Removal> planned;
    synchronized (removals) {
      planned = new ArrayList<>(removals);
    }
    if (planned.isEmpty() || stop != null) {
      if (!planned.isEmpty()) {
        holdRemovals(planned, "the run stopped before applying removals");
      }
      return;
    }
    long signals = planned.size();
    long synced = recordsRead.get();
    long allowed = options.maxRemovals().allowed(synced);
    if (signals > allowed && options.maxRemovals().percent() < 100) {
      long tenant = state.index.entityCount();
      if (tenant < 0) {
        tenant = countTenant();
      }
      synced = Math.max(synced, tenant);
      allowed = options.maxRemovals().allowed(synced);
    }
    if (signals > allowed) {
      Map<String, Integer> byKind = new LinkedHashMap<>();
      for (Removal r : planned) {
        byKind.merge(kindOf(r.plan()), 1, Integer::sum);
      }
      String message =
          "the CRM signals "
              + signals
              + " removals ("
              + String.join(
                  ", ",
                  byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
              + "), more than this run's limit of "
              + allowed
              + " ("
              + options.maxRemovals()
              + " of "
              + synced
              + " synced entities): nothing was removed. If the removals are intended, run again"
              + " with a higher limit (--max-removals "
              + signals
              + ", or SyncOptions.maxRemovals)";
      stop(StopReason.REMOVAL_GUARD, message);
      holdRemovals(planned, "held back by the removal guard");
      return;
    }
    for (Removal r : planned) {
      executor.submit(r.plan().accountCrmId(), () -> applyRemoval(r));
    }
    executor.awaitIdle();
    removals.clear();
  }

  private static String kindOf(PlannedRemoval p) {
    switch (p.recordType()) {
      case ACCOUNT:
        return "deleted accounts";
      case CONTACT:
        return "departed contacts";
      case ORDER:
        return "cancelled orders";
      default:
        return "cancelled lines";
    }
  }

  private void holdRemovals(List<Removal> planned, String why) {
    for (Removal r : planned) {
      SyncFailure f =
          new SyncFailure(
              r.plan().recordType(),
              r.plan().crmId(),
              null,
              why + ": would " + r.plan().description(),
              FailureKind.REMOVAL_GUARD);
      report.fail(f);
      report.outcome(r.plan().recordType(), r.plan().crmId(), Outcome.FAILED);
      Ticket ticket = r.ticket();
      ticket.tracker.keepPending(
          new PendingRecord(
              ticket.record.crmId(),
              ticket.record.cursor(),
              FailureKind.REMOVAL_GUARD,
              shorten(f)));
    }
  }

  private void applyRemoval(Removal r) {
    Task task = new Task();
    Outcome outcome;
    SyncFailure failure = null;
    outcome = Outcome.FAILED;
    for (int attempt = 0; attempt <= RETRY_PASSES; attempt++) {
      try {
        outcome =
            AccountLocks.withLock(
                lockKey(r.plan().accountCrmId()), () -> steps.applyRemoval(task, r.plan()));
        failure = null;
        break;
      } catch (RuntimeException e) {
        outcome = Outcome.FAILED;
        failure = SyncFailure.of(r.plan().recordType(), r.plan().crmId(), e);
        if (failure.kind() != FailureKind.ENVIRONMENT || attempt == RETRY_PASSES) {
          break;
        }
        try {
          Thread.sleep(retryPause.multipliedBy(1L << attempt).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    report.task(task);
    Ticket ticket = r.ticket();
    if (failure != null) {
      report.fail(failure);
      report.outcome(failure.recordType(), failure.crmId(), Outcome.FAILED);
      if (failure.kind() == FailureKind.AUTHENTICATION) {
        authFailed = true;
        stop(StopReason.AUTHENTICATION, "Scale refused the credentials: " + failure.reason());
      }
    } else {
      report.outcome(r.plan().recordType(), r.plan().crmId(), outcome);
    }
    boolean resolve;
    synchronized (ticket) {
      ticket.removalsLeft--;
      ticket.removalFailed |= failure != null && failure.pending();
      resolve = ticket.removalsLeft == 0 && !ticket.removalFailed && ticket.pendingFailure == null;
    }
    if (resolve) {
      ticket.tracker.resolve(ticket.record.crmId());
    } else if (failure != null && failure.pending()) {
      ticket.tracker.keepPending(
          new PendingRecord(
              ticket.record.crmId(), ticket.record.cursor(), failure.kind(), shorten(failure)));
    }
  }

  /** Licensees and consumers in the tenant, for the share limit of the removal guard. */
  private long countTenant() {
    long n = 0;
    for (int offset = 0; ; offset += ScaleApi.PAGE) {
      int size = state.api.listLicensees(offset, ScaleApi.PAGE).size();
      n += size;
      if (size < ScaleApi.PAGE) {
        break;
      }
    }
    for (int offset = 0; ; offset += ScaleApi.PAGE) {
      int size = state.api.listConsumers(offset, ScaleApi.PAGE).size();
      n += size;
      if (size < ScaleApi.PAGE) {
        break;
      }
    }
    return n;
  }

  // =============================================================================================
  // Checkpoints and stopping

  /**
   * Saves the phase's progress unless it was saved a moment ago. Called by the reader after each
   * page and by workers as records finish.
   */
  private void saveSoon(CrmRecordType type) {
    synchronized (lastSave) {
      long now = System.nanoTime();
      Long last = lastSave.get(type);
      if (last != null && now - last < saveIntervalNanos) {
        return;
      }
      lastSave.put(type, now);
      save(type, false);
    }
  }

  private void save(CrmRecordType type, boolean fullPass) {
    synchronized (lastSave) {
      saveNow(type, fullPass);
    }
  }

  private void saveNow(CrmRecordType type, boolean fullPass) {
    CursorTracker tracker = trackers.get(type);
    String stream = streams.get(type);
    if (tracker == null
        || stream == null
        || options.dryRun()
        || authFailed
        || (!tracker.dirty() && !fullPass)) {
      return;
    }
    try {
      Checkpoint stored = options.checkpoints().update(stream, cp -> tracker.apply(cp, fullPass));
      report.pendingIn(stream, stored.pending().size());
    } catch (RuntimeException e) {
      LOG.debug("Checkpoint store failed", e);
      stop(
          StopReason.CHECKPOINT_STORE,
          "cannot write the checkpoint of " + stream + ": " + e.getMessage());
    }
  }

  private void stop(StopReason reason, String message) {
    synchronized (this) {
      if (stop != null) {
        return;
      }
      stop = new RunStop(reason, message);
    }
    LOG.warn("Sync stopped: {}", message);
  }

  // =============================================================================================
  // The report

  /** Collects counts, failures and actions, and tells the listener, never under a lock. */
  private static final class Report {
    private final SyncOptions options;
    private final Map<CrmRecordType, OutcomeCounts> counts = new EnumMap<>(CrmRecordType.class);
    private final List<SyncFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<ActionType, Long> actionCounts = new EnumMap<>(ActionType.class);
    private final List<SyncAction> actions = new ArrayList<>();
    private final Map<String, Integer> pendingByStream = new ConcurrentHashMap<>();

    Report(SyncOptions options) {
      this.options = options;
    }

    void phase(CrmRecordType type) {
      notify(l -> l.onPhase(type));
    }

    void task(Task task) {
      for (SyncAction a : task.actions) {
        synchronized (actionCounts) {
          actionCounts.merge(a.type(), 1L, Long::sum);
          if (actions.size() < options.maxReportedActions()) {
            actions.add(a);
          }
        }
        notify(l -> l.onAction(a));
      }
      for (Task.Extra extra : task.extras) {
        outcome(extra.type(), extra.crmId(), extra.outcome());
      }
    }

    void outcome(CrmRecordType type, String crmId, Outcome outcome) {
      count(type, outcome);
      notify(l -> l.onRecord(type, crmId, outcome));
    }

    void count(CrmRecordType type, Outcome outcome) {
      synchronized (counts) {
        counts.merge(type, OutcomeCounts.ZERO.plus(outcome), (a, b) -> a.plus(outcome));
      }
    }

    void fail(SyncFailure failure) {
      if (failure.pending()) {
        LOG.warn("Not synced (pending): {}", failure);
      } else {
        LOG.info("Not synced: {}", failure);
      }
      failures.add(failure);
      notify(l -> l.onFailure(failure));
    }

    void pendingIn(String stream, int pending) {
      pendingByStream.put(stream, pending);
    }

    SyncReport build(Map<String, Long> apiCalls, @Nullable RunStop stop, Duration elapsed) {
      Map<CrmRecordType, OutcomeCounts> c;
      synchronized (counts) {
        c = new EnumMap<>(counts);
      }
      List<SyncFailure> f;
      synchronized (failures) {
        f = new ArrayList<>(failures);
      }
      long stored = pendingByStream.values().stream().mapToLong(Integer::longValue).sum();
      long thisRun = f.stream().filter(SyncFailure::pending).count();
      synchronized (actionCounts) {
        return new SyncReport(
            options.dryRun(),
            c,
            f,
            apiCalls,
            actionCounts,
            actions,
            Math.max(stored, thisRun),
            stop,
            elapsed);
      }
    }

    private void notify(Consumer<SyncListener> call) {
      try {
        call.accept(options.listener());
      } catch (RuntimeException e) {
        LOG.warn("A SyncListener threw; ignored", e);
      }
    }
  }
}
