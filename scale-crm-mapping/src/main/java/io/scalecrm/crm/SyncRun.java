package io.scalecrm.crm;

import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.spi.ChangeCursor;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import io.scalecrm.crm.spi.ScaleLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link CrmSync#sync}: accounts, then contacts, then orders, each read page by page
 * from the adapter; the records of a page are handled concurrently, grouped by account so that one
 * account's work is serialised; the stream's cursor is checkpointed after each page unless a
 * retryable failure happened (then it stays, so the next run handles those records again).
 */
final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

  private final CrmMapping mapping;
  private final CrmAdapter adapter;
  private final SyncOptions options;
  private final String lockScope;
  private final Reconciler reconciler;
  private final ScaleApi api;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final List<SyncAction> actions = Collections.synchronizedList(new ArrayList<>());
  private final List<SyncFailure> failures = Collections.synchronizedList(new ArrayList<>());
  private final Map<CrmRecordType, OutcomeCounts> counts = new EnumMap<>(CrmRecordType.class);
  private final Map<String, String> licenseeIds = new ConcurrentHashMap<>();
  // Licensees this run created: they have no licenses yet, and an organization has no consumer
  // with access yet, so reading those back would only cost API calls.
  private final Set<String> createdLicensees = ConcurrentHashMap.newKeySet();
  private final Set<String> createdOrganizations = ConcurrentHashMap.newKeySet();

  SyncRun(
      ScaleConnection connection,
      CrmMapping mapping,
      boolean reissueOnDrift,
      CrmAdapter adapter,
      SyncOptions options,
      String lockScope) {
    this.mapping = mapping;
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
    this.api = new GeneratedScaleApi(counted);
    this.reconciler =
        new Reconciler(
            api,
            mapping,
            reissueOnDrift,
            options.dryRun(),
            a -> {
              actions.add(a);
              notify(l -> l.onAction(a));
            });
  }

  SyncReport run() {
    long start = System.nanoTime();
    ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(), threads());
    try {
      phase(
          CrmRecordType.ACCOUNT,
          "accounts",
          adapter::accounts,
          CrmAccount::crmId,
          workers,
          this::accounts);
      phase(
          CrmRecordType.CONTACT,
          "contacts",
          adapter::contacts,
          CrmContact::accountCrmId,
          workers,
          this::contacts);
      phase(
          CrmRecordType.ORDER,
          "orders",
          adapter::orders,
          CrmOrder::accountCrmId,
          workers,
          this::orders);
    } finally {
      workers.shutdownNow();
    }
    Map<CrmRecordType, OutcomeCounts> outcome = new EnumMap<>(CrmRecordType.class);
    synchronized (counts) {
      outcome.putAll(counts);
    }
    Map<String, Long> apiCalls = new LinkedHashMap<>();
    calls.forEach((op, n) -> apiCalls.put(op, n.get()));
    Map<ActionType, Long> actionCounts = new EnumMap<>(ActionType.class);
    actions.forEach(a -> actionCounts.merge(a.type(), 1L, Long::sum));
    return new SyncReport(
        options.dryRun(),
        outcome,
        failures,
        apiCalls,
        actionCounts,
        actions,
        failures.stream().filter(SyncFailure::pending).count(),
        null,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "crm-sync-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // ---- paging and checkpoints --------------------------------------------------------------

  private <T extends CrmRecord> void phase(
      CrmRecordType type,
      String streamName,
      Function<CrmQuery, CrmPage<T>> reader,
      Function<T, String> accountOf,
      ExecutorService workers,
      BiConsumer<String, List<T>> handleGroup) {
    notify(l -> l.onPhase(type));
    String stream = adapter.system() + "/" + streamName;
    CrmQuery query =
        CrmQuery.first(options.checkpoints().load(stream).cursor(), options.pageSize());
    boolean checkpointBlocked = options.dryRun();
    while (true) {
      CrmPage<T> page;
      try {
        synchronized (adapter) {
          page = reader.apply(query);
        }
      } catch (RuntimeException e) {
        fail(
            new SyncFailure(
                type,
                "(" + stream + ")",
                null,
                "Reading " + stream + " failed: " + e.getMessage(),
                FailureKind.of(e)));
        return;
      }
      for (InvalidCrmRecordException rejected : page.rejected()) {
        count(
            rejected.recordType() == CrmRecordType.ORDER_LINE ? CrmRecordType.ORDER_LINE : type,
            Outcome.FAILED);
        fail(SyncFailure.of(type, rejected.crmId(), rejected));
      }
      int failuresBefore = retryableFailures();
      runGrouped(page.records(), accountOf, workers, handleGroup);
      if (!page.records().isEmpty() && !checkpointBlocked) {
        if (retryableFailures() > failuresBefore) {
          checkpointBlocked = true;
          LOG.info(
              "Not advancing the {} checkpoint: some records failed and may succeed on a later run",
              stream);
        } else {
          ChangeCursor last = page.records().get(page.records().size() - 1).cursor();
          options
              .checkpoints()
              .update(
                  stream,
                  cp ->
                      new Checkpoint(
                          cp.cursor() == null || cp.cursor().compareTo(last) < 0
                              ? last
                              : cp.cursor(),
                          cp.pending()));
        }
      }
      if (page.last()) {
        return;
      }
      query = query.next(page);
    }
  }

  private int retryableFailures() {
    synchronized (failures) {
      return (int) failures.stream().filter(SyncFailure::pending).count();
    }
  }

  private <T extends CrmRecord> void runGrouped(
      List<T> records,
      Function<T, String> accountOf,
      ExecutorService workers,
      BiConsumer<String, List<T>> handleGroup) {
    Map<String, List<T>> groups = new LinkedHashMap<>();
    for (T r : records) {
      groups.computeIfAbsent(accountOf.apply(r), k -> new ArrayList<>()).add(r);
    }
    List<Future<?>> futures = new ArrayList<>();
    groups.forEach(
        (account, group) ->
            futures.add(
                workers.submit(
                    () ->
                        AccountLocks.withLock(
                            lockScope + "|" + mapping.naturalIdOf(account),
                            () -> {
                              handleGroup.accept(account, group);
                              return null;
                            }))));
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        throw new ScaleException("The sync was interrupted", e, true);
      } catch (ExecutionException e) {
        // Handlers catch per record; this is a bug, not bad input. Keep going, but say so.
        LOG.error("Unexpected failure in a sync worker", e.getCause());
        fail(
            new SyncFailure(
                CrmRecordType.ACCOUNT,
                "(internal)",
                null,
                String.valueOf(e.getCause()),
                FailureKind.BUG));
      }
    }
  }

  // ---- the three phases --------------------------------------------------------------------

  private void accounts(String accountCrmId, List<CrmAccount> accounts) {
    for (CrmAccount account : accounts) {
      try {
        UpsertResult<ScaleLicensee> r = reconciler.upsertLicensee(account);
        licenseeIds.put(account.crmId(), r.scaleId());
        remember(r, account);
        done(CrmRecordType.ACCOUNT, account.crmId(), r.outcome());
        writeBack(CrmRecordType.ACCOUNT, account.crmId(), r.scaleId(), r.changed());
      } catch (ScaleException e) {
        failRecord(CrmRecordType.ACCOUNT, account.crmId(), e);
      }
    }
  }

  private void contacts(String accountCrmId, List<CrmContact> contacts) {
    Optional<String> licensee;
    try {
      licensee = resolveLicensee(accountCrmId);
    } catch (ScaleException e) {
      contacts.forEach(c -> failRecord(CrmRecordType.CONTACT, c.crmId(), e));
      return;
    }
    if (licensee.isEmpty()) {
      contacts.forEach(
          c ->
              failRecord(
                  CrmRecordType.CONTACT,
                  c.crmId(),
                  missingAccount(CrmRecordType.CONTACT, c.crmId(), accountCrmId)));
      return;
    }
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    Map<String, String> consumerOf = new LinkedHashMap<>();
    for (CrmContact contact : contacts) {
      try {
        UpsertResult<ScaleConsumer> r = reconciler.upsertConsumer(contact);
        outcomes.put(contact.crmId(), r.outcome());
        consumerOf.put(contact.crmId(), r.scaleId());
      } catch (ScaleException e) {
        failRecord(CrmRecordType.CONTACT, contact.crmId(), e);
      }
    }
    if (!consumerOf.isEmpty()) {
      try {
        AccessResult access =
            reconciler.grantAccess(
                licensee.get(),
                new ArrayList<>(consumerOf.values()),
                CrmRecordType.ACCOUNT,
                accountCrmId,
                createdOrganizations.remove(licensee.get()) ? Set.of() : null);
        Set<String> granted = new LinkedHashSet<>(access.granted());
        consumerOf.forEach(
            (contactId, consumerId) -> {
              if (granted.contains(consumerId) && outcomes.get(contactId) == Outcome.UNCHANGED) {
                outcomes.put(contactId, Outcome.UPDATED);
              }
            });
      } catch (ScaleException e) {
        consumerOf.keySet().forEach(c -> failRecord(CrmRecordType.CONTACT, c, e));
        return;
      }
    }
    outcomes.forEach(
        (contactId, outcome) -> {
          done(CrmRecordType.CONTACT, contactId, outcome);
          writeBack(
              CrmRecordType.CONTACT,
              contactId,
              consumerOf.get(contactId),
              outcome != Outcome.UNCHANGED);
        });
  }

  private void orders(String accountCrmId, List<CrmOrder> orders) {
    Optional<String> licensee;
    Map<String, List<ScaleLicense>> byRef;
    try {
      licensee = resolveLicensee(accountCrmId);
      byRef =
          licensee.isEmpty() || createdLicensees.remove(licensee.get())
              ? Map.of()
              : reconciler.licensesByReference(licensee.get());
    } catch (ScaleException e) {
      orders.forEach(o -> failOrder(o, e));
      return;
    }
    if (licensee.isEmpty()) {
      orders.forEach(
          o -> failOrder(o, missingAccount(CrmRecordType.ORDER, o.crmId(), accountCrmId)));
      return;
    }
    Map<String, List<ScaleLicense>> licenses = new ConcurrentHashMap<>(byRef);
    Set<String> issued = new LinkedHashSet<>();
    for (CrmOrder order : orders) {
      for (LineResult line : reconciler.issueLines(licensee.get(), order, licenses)) {
        switch (line.outcome()) {
          case ISSUED:
            issued.add(line.orderReference());
            done(CrmRecordType.ORDER_LINE, line.lineId(), Outcome.CREATED);
            writeBack(CrmRecordType.ORDER_LINE, line.lineId(), line.licenses().get(0).id(), true);
            break;
          case REISSUED:
            issued.add(line.orderReference());
            done(CrmRecordType.ORDER_LINE, line.lineId(), Outcome.UPDATED);
            writeBack(CrmRecordType.ORDER_LINE, line.lineId(), line.licenses().get(0).id(), true);
            break;
          case UNCHANGED:
            done(CrmRecordType.ORDER_LINE, line.lineId(), Outcome.UNCHANGED);
            break;
          case DRIFT:
            String message = String.valueOf(line.message());
            count(CrmRecordType.ORDER_LINE, Outcome.FAILED);
            fail(
                new SyncFailure(
                    CrmRecordType.ORDER_LINE,
                    line.lineId(),
                    Reconciler.driftField(message),
                    message,
                    FailureKind.RECORD_DATA));
            break;
          default:
            ScaleException error = line.error();
            count(CrmRecordType.ORDER_LINE, Outcome.FAILED);
            fail(
                error != null
                    ? SyncFailure.of(CrmRecordType.ORDER_LINE, line.lineId(), error)
                    : new SyncFailure(
                        CrmRecordType.ORDER_LINE,
                        line.lineId(),
                        null,
                        String.valueOf(line.message()),
                        FailureKind.BUG));
        }
      }
    }
    try {
      reconciler.removeDuplicates(licensee.get(), issued);
    } catch (ScaleException e) {
      LOG.warn(
          "Could not check for duplicate licenses of account {}: {}", accountCrmId, e.getMessage());
    }
  }

  /**
   * The licensee of an account: from this run, else found in Scale by natural id, else (an account
   * this run did not read) read from the CRM and upserted.
   */
  private Optional<String> resolveLicensee(String accountCrmId) {
    String known = licenseeIds.get(accountCrmId);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<LicenseeRow> found = api.findLicenseeByNaturalId(mapping.naturalIdOf(accountCrmId));
    if (found.isPresent() && found.get().id() != null) {
      licenseeIds.put(accountCrmId, found.get().id());
      return Optional.of(found.get().id());
    }
    Optional<CrmAccount> account;
    synchronized (adapter) {
      account = adapter.account(accountCrmId);
    }
    if (account.isEmpty()) {
      return Optional.empty();
    }
    UpsertResult<ScaleLicensee> r = reconciler.upsertLicensee(account.get());
    remember(r, account.get());
    done(CrmRecordType.ACCOUNT, accountCrmId, r.outcome());
    licenseeIds.put(accountCrmId, r.scaleId());
    return Optional.of(r.scaleId());
  }

  private void remember(UpsertResult<ScaleLicensee> r, CrmAccount account) {
    if (r instanceof UpsertResult.Created && !options.dryRun()) {
      createdLicensees.add(r.scaleId());
      if (account.type() == io.scalecrm.crm.spi.CustomerType.B2B) {
        createdOrganizations.add(r.scaleId());
      }
    }
  }

  private static InvalidCrmRecordException missingAccount(
      CrmRecordType type, String crmId, String accountCrmId) {
    return new InvalidCrmRecordException(
        type,
        crmId,
        "accountCrmId",
        "names account '"
            + accountCrmId
            + "', which has no licensee in Scale and was not found in the CRM");
  }

  private void failOrder(CrmOrder order, ScaleException e) {
    for (int i = 0; i < order.lines().size() + order.invalidLines().size(); i++) {
      count(CrmRecordType.ORDER_LINE, Outcome.FAILED);
    }
    fail(SyncFailure.of(CrmRecordType.ORDER, order.crmId(), e));
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  private void writeBack(CrmRecordType type, String crmId, String scaleId, boolean changed) {
    if (options.dryRun() || !changed || !adapter.supportsWriteBack()) {
      return;
    }
    try {
      synchronized (adapter) {
        adapter.writeBack(new ScaleLink(type, crmId, scaleId));
      }
    } catch (ScaleException e) {
      fail(
          new SyncFailure(
              type,
              crmId,
              null,
              "Writing the Scale id back to the CRM failed: " + e.getMessage(),
              FailureKind.of(e)));
    }
  }

  private void done(CrmRecordType type, String crmId, Outcome outcome) {
    count(type, outcome);
    notify(l -> l.onRecord(type, crmId, outcome));
  }

  private void failRecord(CrmRecordType type, String crmId, ScaleException e) {
    count(type, Outcome.FAILED);
    fail(SyncFailure.of(type, crmId, e));
  }

  private void count(CrmRecordType type, Outcome outcome) {
    synchronized (counts) {
      counts.merge(type, OutcomeCounts.ZERO.plus(outcome), (a, b) -> a.plus(outcome));
    }
  }

  private void fail(SyncFailure failure) {
    LOG.warn("Not synced: {}", failure);
    failures.add(failure);
    notify(l -> l.onFailure(failure));
    notify(l -> l.onRecord(failure.recordType(), failure.crmId(), Outcome.FAILED));
  }

  private void notify(java.util.function.Consumer<SyncListener> call) {
    try {
      call.accept(options.listener());
    } catch (RuntimeException e) {
      LOG.warn("A SyncListener threw; ignored", e);
    }
  }
}
