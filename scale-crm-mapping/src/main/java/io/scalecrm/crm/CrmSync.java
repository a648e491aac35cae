package io.scalecrm.crm;

import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Syncs CRM accounts, contacts and orders into 10Duke Scale, exactly once: licensees, license
 * consumers, access to the licensee's default container, and licenses issued from product
 * configurations — and follows removals, cancellations and renewals as the {@link CrmMapping}'s
 * lifecycle policies say.
 *
 * <p>Every operation is idempotent. Scale has no idempotency keys, so each operation derives a key
 * from CRM identity ({@link CrmMapping}: the licensee natural id, the consumer external reference,
 * the license order reference), looks the entity up by that key before it writes, writes only what
 * differs, and resolves an ambiguous failure (a lost response, a gateway error, a 409 from a
 * concurrent writer) by reading again, never by a blind second create. Running an operation or a
 * whole sync twice, concurrently, or again after a crash leaves Scale as one clean run would.
 *
 * <p>Build one instance and share it: it is immutable and thread-safe.
 *
 * <pre>{@code
 * ScaleConnection scale = ScaleConnection.builder().fromEnvironment().build();
 * CrmSync crmSync = CrmSync.builder()
 *     .connection(scale)
 *     .mapping(CrmMapping.builder("hubspot").skus(SkuTable.load(Path.of("skus.csv"))).build())
 *     .build();
 *
 * // One record at a time...
 * RecordResult result = crmSync.apply(CrmAccount.b2b("123", "Acme Oy"));
 *
 * // ...or a whole CRM through an adapter.
 * SyncReport report = crmSync.sync(myAdapter, SyncOptions.builder().concurrency(4).build());
 * report.failures().forEach(f -> log.warn("not synced: {}", f));
 * if (!report.complete()) { ... } // something is pending: the next run retries it
 * }</pre>
 *
 * <p>The {@code upsert…}, {@code grantAccess} and {@code issueForOrder} operations throw unchecked
 * {@link io.scalecrm.client.ScaleException}s ({@link FailureKind#of} classifies them): {@link
 * InvalidCrmRecordException} for the record's own bad data (naming record and field), {@link
 * io.scalecrm.client.ScaleHttpException} and {@link io.scalecrm.client.ScaleConnectionException}
 * for Scale errors. {@link #apply} and {@link #sync} never throw for a bad record or a Scale error:
 * their results say what failed and whether it is pending.
 */
public final class CrmSync {
  private final ScaleConnection connection;
  private final CrmMapping mapping;
  private final boolean reissueOnDrift;
  private final ScaleApi api;
  private final String lockScope;
  private final Duration ambiguityPause;
  private final Duration checkpointInterval;

  private CrmSync(Builder b) {
    this.connection = Objects.requireNonNull(b.connection, "connection");
    this.mapping = Objects.requireNonNull(b.mapping, "mapping");
    this.reissueOnDrift = b.reissueOnDrift;
    this.api = new GeneratedScaleApi(connection);
    this.lockScope = b.lockScope != null ? b.lockScope : connection.baseUrl().toString();
    this.ambiguityPause = b.ambiguityPause;
    this.checkpointInterval = b.checkpointInterval;
  }

  /**
   * Starts building a {@code CrmSync}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this instance's settings, to build a variant.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b =
        new Builder().connection(connection).mapping(mapping).reissueOnDrift(reissueOnDrift);
    b.lockScope = lockScope;
    b.ambiguityPause = ambiguityPause;
    b.checkpointInterval = checkpointInterval;
    return b;
  }

  /**
   * The mapping in use.
   *
   * @return the mapping
   */
  public CrmMapping mapping() {
    return mapping;
  }

  private Steps steps() {
    return new Steps(
        new RunState(api, mapping, reissueOnDrift, new TenantIndex(0), ambiguityPause));
  }

  private <T> T locked(String accountCrmId, Supplier<T> work) {
    return AccountLocks.withLock(AccountLocks.key(lockScope, mapping.system(), accountCrmId), work);
  }

  /**
   * Makes sure the account exists in Scale as a licensee: finds it by natural id (and, if the
   * mapping says so, adopts an unclaimed one found by email); creates it with setup-organization
   * (B2B) or setup-user (B2C, which also creates the person's license consumer); otherwise updates
   * it only when a mapped field differs.
   *
   * @param account the CRM account
   * @return created, updated or unchanged, with the licensee
   * @throws io.scalecrm.client.ScaleException when Scale cannot be reached or refuses; {@link
   *     InvalidCrmRecordException} when the account conflicts with another record in Scale
   */
  public UpsertResult<ScaleLicensee> upsertLicensee(CrmAccount account) {
    Objects.requireNonNull(account, "account");
    return locked(account.crmId(), () -> steps().licensee(new Task(), account));
  }

  /**
   * Makes sure the contact exists in Scale as a license consumer: finds it by external reference;
   * else uses the consumer that already holds its email where the rule of one person, one consumer
   * allows (adopting the person consumer that setup-user created for its own B2C account, taking
   * over one whose owner has a larger key, or only linking to one that belongs to another account);
   * else creates it; updates it only when changed. Does not grant access; see {@link #grantAccess}
   * (or use {@link #apply}, which does both).
   *
   * @param contact the CRM contact; its account must already be synced
   * @return created, updated or unchanged, with the consumer the contact uses
   * @throws io.scalecrm.client.ScaleException when Scale cannot be reached or refuses; {@link
   *     InvalidCrmRecordException} when the contact's email belongs to a licensee in Scale
   */
  public UpsertResult<ScaleConsumer> upsertConsumer(CrmContact contact) {
    Objects.requireNonNull(contact, "contact");
    return locked(
        contact.accountCrmId(),
        () -> {
          Steps steps = steps();
          Task task = new Task();
          LicenseeInfo licensee =
              steps.licenseeOf(
                  task,
                  CrmRecordType.CONTACT,
                  contact.crmId(),
                  contact.accountCrmId(),
                  id -> Optional.empty());
          Steps.ConsumerResult r = steps.consumer(task, contact, licensee);
          switch (r.outcome()) {
            case CREATED:
              return new UpsertResult.Created<>(r.value(), r.consumerId());
            case UPDATED:
              return new UpsertResult.Updated<>(r.value(), r.consumerId(), r.changed());
            default:
              return new UpsertResult.Unchanged<>(r.value(), r.consumerId());
          }
        });
  }

  /**
   * Gives consumers access to the licensee's default license container; only those that do not have
   * it yet are granted, in calls of at most 100 consumers.
   *
   * @param licenseeId the licensee's Scale id
   * @param consumerIds the consumers' Scale ids
   * @return which consumers were granted and which already had access
   */
  public AccessResult grantAccess(String licenseeId, Collection<String> consumerIds) {
    Objects.requireNonNull(licenseeId, "licenseeId");
    List<String> ids = List.copyOf(consumerIds);
    if (ids.isEmpty()) {
      return new AccessResult(licenseeId, List.of(), List.of());
    }
    LicenseeInfo licensee =
        new LicenseeInfo(licenseeId, io.scalecrm.crm.spi.CustomerType.B2B, null, false);
    return steps().grantAccess(new Task(), licensee, ids, CrmRecordType.CONTACT, licenseeId);
  }

  /**
   * Syncs the licenses of an order's lines: for each line, finds its license by order reference and
   * issues one from the SKU's product configuration only when none exists; a line whose {@code
   * validUntil} moved later renews its license; a cancelled line's license is revoked (as the
   * mapping's {@link CrmMapping#orderCancellation()} says); a line whose quantity, validity or
   * product changed otherwise is reported as {@link LineOutcome#DRIFT} (or, with {@link
   * Builder#reissueOnDrift}, issued anew before the old license is revoked). After issuing, the
   * licensee's licenses are read once more to repair duplicates a concurrent writer may have
   * issued. One bad line does not stop the others.
   *
   * @param order the CRM order; its account must already be synced
   * @return one result per line
   * @throws io.scalecrm.client.ScaleException when the order's account has no licensee in Scale (a
   *     {@link FailureKind#DEPENDENCY} failure) or Scale cannot be reached to list licenses
   */
  public OrderResult issueForOrder(CrmOrder order) {
    Objects.requireNonNull(order, "order");
    return locked(order.accountCrmId(), () -> order(new Task(), steps(), order));
  }

  private OrderResult order(Task task, Steps steps, CrmOrder order) {
    LicenseeInfo licensee =
        steps.licenseeOf(
            task, CrmRecordType.ORDER, order.crmId(), order.accountCrmId(), id -> Optional.empty());
    List<ScaleLicense> licenses =
        steps.licensesOf(task, licensee, CrmRecordType.ORDER, order.crmId());
    List<Steps.LineStep> lineSteps = steps.lines(task, licensee, order, licenses);
    Set<String> issued = new LinkedHashSet<>();
    for (Steps.LineStep step : lineSteps) {
      if (step.issuedReference() != null) {
        issued.add(step.issuedReference());
      }
    }
    Map<String, ScaleLicense> survivors =
        issued.isEmpty()
            ? Map.of()
            : steps.verifyIssued(task, licensee, issued, CrmRecordType.ORDER, order.crmId());
    List<LineResult> lines = new ArrayList<>();
    for (Steps.LineStep step : lineSteps) {
      LineResult line = step.result();
      if (step.removal() != null) {
        try {
          Outcome o = steps.applyRemoval(task, step.removal());
          line =
              LineResult.of(
                  line.lineId(),
                  line.orderReference(),
                  o == Outcome.REMOVED ? LineOutcome.REVOKED : LineOutcome.UNCHANGED,
                  line.licenses());
        } catch (ScaleException e) {
          line = LineResult.failed(line.lineId(), line.orderReference(), e);
        }
      } else if (step.issuedReference() != null) {
        ScaleLicense survivor = survivors.get(step.issuedReference());
        if (survivor != null) {
          line =
              new LineResult(
                  line.lineId(),
                  line.orderReference(),
                  line.outcome(),
                  List.of(survivor),
                  line.drift(),
                  line.message(),
                  line.error());
        }
      }
      lines.add(line);
    }
    return new OrderResult(order.crmId(), licensee.id(), lines);
  }

  /**
   * Applies one CRM record with the same steps a bulk {@link #sync} takes for it: an account
   * becomes a licensee; a contact a license consumer with access to its account's licensee; an
   * order's lines licenses (renewed, revoked or issued anew as the policies say); a {@link
   * CrmTombstone} the removal its mapping's lifecycle policy chooses (no removal guard applies to
   * single records). Idempotent: applying the same record again writes nothing. Never throws for a
   * bad record or a Scale error: the result's failures say what failed and whether it is pending.
   *
   * <p>This is the operation for event-driven syncs (a Kafka Connect sink, a webhook): apply each
   * event as it arrives, in order per account, and apply it again while {@link
   * RecordResult#pending()}.
   *
   * @param record the record; a contact's or order's account must have been applied before
   * @return what was done, and every failure with its {@link FailureKind}
   */
  public RecordResult apply(CrmRecord record) {
    Objects.requireNonNull(record, "record");
    Task task = new Task();
    List<SyncFailure> failures = new ArrayList<>();
    CrmRecordType type = record.recordType();
    String account =
        record instanceof CrmContact
            ? ((CrmContact) record).accountCrmId()
            : record instanceof CrmOrder
                ? ((CrmOrder) record).accountCrmId()
                : record instanceof CrmTombstone
                    ? String.valueOf(((CrmTombstone) record).accountCrmId())
                    : record.crmId();
    Outcome outcome;
    try {
      outcome = locked(account, () -> applyLocked(task, record, failures));
    } catch (RuntimeException e) {
      failures.add(SyncFailure.of(type, record.crmId(), e));
      outcome = Outcome.FAILED;
    }
    if (!failures.isEmpty()) {
      outcome = Outcome.FAILED;
    }
    return new RecordResult(type, record.crmId(), outcome, failures, task.actions);
  }

  private Outcome applyLocked(Task task, CrmRecord record, List<SyncFailure> failures) {
    Steps steps = steps();
    if (record instanceof CrmAccount) {
      return steps.licensee(task, (CrmAccount) record).outcome();
    }
    if (record instanceof CrmContact) {
      CrmContact contact = (CrmContact) record;
      LicenseeInfo licensee =
          steps.licenseeOf(
              task,
              CrmRecordType.CONTACT,
              contact.crmId(),
              contact.accountCrmId(),
              id -> Optional.empty());
      Steps.ConsumerResult consumer = steps.consumer(task, contact, licensee);
      AccessResult access =
          steps.grantAccess(
              task,
              licensee,
              List.of(consumer.consumerId()),
              CrmRecordType.CONTACT,
              contact.crmId());
      return consumer.outcome() == Outcome.UNCHANGED && access.changed()
          ? Outcome.UPDATED
          : consumer.outcome();
    }
    if (record instanceof CrmOrder) {
      OrderResult order = order(task, steps, (CrmOrder) record);
      Outcome outcome = Outcome.UNCHANGED;
      for (LineResult line : order.lines()) {
        Outcome o = line.recordOutcome();
        if (o == Outcome.FAILED) {
          failures.add(lineFailure(line));
        } else if (o.changed()) {
          outcome = Outcome.UPDATED;
        }
      }
      return outcome;
    }
    CrmTombstone tombstone = (CrmTombstone) record;
    Optional<PlannedRemoval> plan = steps.planRemoval(task, tombstone);
    return plan.isPresent() ? steps.applyRemoval(task, plan.get()) : Outcome.UNCHANGED;
  }

  private static SyncFailure lineFailure(LineResult line) {
    if (line.outcome() == LineOutcome.DRIFT) {
      return new SyncFailure(
          CrmRecordType.ORDER_LINE,
          line.lineId(),
          line.drift().isEmpty() ? null : line.drift().iterator().next().recordField(),
          String.valueOf(line.message()),
          FailureKind.RECORD_DATA);
    }
    ScaleException error = line.error();
    return error != null
        ? SyncFailure.of(CrmRecordType.ORDER_LINE, line.lineId(), error)
        : new SyncFailure(
            CrmRecordType.ORDER_LINE,
            line.lineId(),
            null,
            String.valueOf(line.message()),
            FailureKind.BUG);
  }

  /**
   * Checks the setup without writing anything: one read proves that Scale can be reached and
   * accepts the credentials, and one paged read of the product catalogue proves that every product
   * configuration of the SKU map exists. Never throws.
   *
   * @return the problems found, empty when the setup is in order
   */
  public SetupCheck check() {
    AtomicLong calls = new AtomicLong();
    ScaleApi counted =
        new GeneratedScaleApi(
            connection.withListener(
                new ScaleCallListener() {
                  @Override
                  public void onAttempt(String operation, int attempt) {
                    calls.incrementAndGet();
                  }
                }));
    List<SetupCheck.Problem> problems = new ArrayList<>();
    try {
      counted.verify();
    } catch (ScaleAuthenticationException e) {
      problems.add(
          new SetupCheck.Problem(
              SetupCheck.Area.CREDENTIALS,
              "credentials",
              "Scale refused the credentials: " + e.getMessage()));
      return new SetupCheck(problems, calls.get());
    } catch (ScaleConnectionException e) {
      problems.add(
          new SetupCheck.Problem(
              SetupCheck.Area.CONNECTION, "url", "Scale could not be reached: " + e.getMessage()));
      return new SetupCheck(problems, calls.get());
    } catch (ScaleException e) {
      problems.add(new SetupCheck.Problem(SetupCheck.Area.CONNECTION, "url", e.getMessage()));
      return new SetupCheck(problems, calls.get());
    }
    if (!mapping.skus().skus().isEmpty()) {
      Set<UUID> known;
      try {
        known = counted.productConfigurations().keySet();
      } catch (ScaleException e) {
        problems.add(
            new SetupCheck.Problem(
                SetupCheck.Area.SKU_MAP,
                "sku-map",
                "the product configurations could not be read: " + e.getMessage()));
        return new SetupCheck(problems, calls.get());
      }
      for (String sku : new java.util.TreeSet<>(mapping.skus().skus())) {
        UUID id = mapping.skus().productConfigId(sku).orElseThrow();
        if (!known.contains(id)) {
          problems.add(
              new SetupCheck.Problem(
                  SetupCheck.Area.SKU_MAP,
                  sku,
                  "SKU '"
                      + sku
                      + "' maps to product configuration "
                      + id
                      + ", which does not exist in Scale; fix the SKU map"));
        }
      }
    }
    return new SetupCheck(problems, calls.get());
  }

  /**
   * Syncs everything the adapter reads with the default options (a real run, concurrency 4, pages
   * of 100, checkpoints in memory).
   *
   * @param adapter the CRM adapter
   * @return the report
   */
  public SyncReport sync(CrmAdapter adapter) {
    return sync(adapter, SyncOptions.defaults());
  }

  /**
   * Syncs every account, then every contact (consumer and access), then every order the adapter
   * reads after the stored checkpoints — retrying first what earlier runs left pending — with
   * bounded concurrency and one account's work serialised; continuing past bad records; moving each
   * stream's checkpoint only past records that are done or recorded as pending; applying removals
   * at the end, unless there are more than {@link SyncOptions#maxRemovals()}. Never throws: a bad
   * record, a Scale error, a refused credential, an unreadable CRM or checkpoint store all end up
   * in the report.
   *
   * @param adapter the CRM adapter; called from one thread at a time
   * @param options the run's options
   * @return what was done (or, in a dry run, planned), every failure, whether the run is complete,
   *     and API calls per operation
   */
  public SyncReport sync(CrmAdapter adapter, SyncOptions options) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(options, "options");
    return new SyncRun(
            connection,
            mapping,
            reissueOnDrift,
            adapter,
            options,
            lockScope,
            ambiguityPause,
            checkpointInterval)
        .run();
  }

  @Override
  public String toString() {
    return "CrmSync[" + connection.baseUrl() + ", " + mapping + "]";
  }

  /** Builds a {@link CrmSync}. Not thread-safe; {@link #build()} checks the settings. */
  public static final class Builder {
    private @Nullable ScaleConnection connection;
    private @Nullable CrmMapping mapping;
    private boolean reissueOnDrift;
    private @Nullable String lockScope;
    private Duration ambiguityPause = Duration.ofMillis(250);
    private Duration checkpointInterval = SyncRun.SAVE_INTERVAL;

    private Builder() {}

    /**
     * Test seam: the scope of the per-account locks. Two instances with different scopes behave
     * like two processes (no shared locks), which is how tests prove that cross-process races are
     * resolved by Scale's uniqueness rules and duplicate repair rather than by locking.
     */
    Builder lockScope(String scope) {
      this.lockScope = scope;
      return this;
    }

    /** Test seam: the pause before the second read that resolves an ambiguous create. */
    Builder ambiguityPause(Duration pause) {
      this.ambiguityPause = pause;
      return this;
    }

    /**
     * Test seam: how often a run saves its checkpoint while records are in flight. Zero saves after
     * every record, so a crash test meets checkpoints written mid-run.
     */
    Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    /**
     * Sets the Scale connection (required).
     *
     * @param connection the connection, shared; not closed by {@code CrmSync}
     * @return this builder
     */
    public Builder connection(ScaleConnection connection) {
      this.connection = connection;
      return this;
    }

    /**
     * Sets the mapping (required).
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder mapping(CrmMapping mapping) {
      this.mapping = mapping;
      return this;
    }

    /**
     * Whether a drifted order line (quantity, validity or product changed after issue, other than a
     * renewal) gets a new license: the new one is issued first and the old one revoked only after
     * it exists, so the customer always holds one. Default {@code false}: drift is reported.
     *
     * @param reissue the policy
     * @return this builder
     */
    public Builder reissueOnDrift(boolean reissue) {
      this.reissueOnDrift = reissue;
      return this;
    }

    /**
     * Builds the facade.
     *
     * @return the facade
     * @throws IllegalStateException when the connection or mapping is missing
     */
    public CrmSync build() {
      if (connection == null) {
        throw new IllegalStateException("CrmSync needs a ScaleConnection: call connection(...)");
      }
      if (mapping == null) {
        throw new IllegalStateException(
            "CrmSync needs a CrmMapping: call mapping(CrmMapping.builder(\"<crm>\").skus(...).build())");
      }
      return new CrmSync(this);
    }
  }
}
