package io.scalecrm.crm;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmRecord;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Syncs CRM accounts, contacts and orders into 10Duke Scale, exactly once: licensees, license
 * consumers, access to the licensee's default container, and licenses issued from product
 * configurations.
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
 * UpsertResult<ScaleLicensee> licensee = crmSync.upsertLicensee(CrmAccount.b2b("123", "Acme Oy"));
 * OrderResult order = crmSync.issueForOrder(
 *     CrmOrder.of("D-9", "123", List.of(CrmOrderLine.of("L-1", "PRO-1Y", 25))));
 *
 * // ...or a whole CRM through an adapter.
 * SyncReport report = crmSync.sync(myAdapter, SyncOptions.builder().concurrency(4).build());
 * report.failures().forEach(f -> log.warn("not synced: {}", f));
 * }</pre>
 *
 * <p>Failures are unchecked {@link io.scalecrm.client.ScaleException}s: {@link
 * InvalidCrmRecordException} for bad input (naming record and field), {@link
 * io.scalecrm.client.ScaleHttpException} and {@link io.scalecrm.client.ScaleConnectionException}
 * for Scale errors; {@code retryable()} tells whether trying again later may help. {@link #sync}
 * never throws for a bad record: it reports it and goes on.
 */
public final class CrmSync {
  private final ScaleConnection connection;
  private final CrmMapping mapping;
  private final boolean reissueOnDrift;
  private final ScaleApi api;
  private final Reconciler reconciler;
  private final String lockScope;

  private CrmSync(Builder b) {
    this.connection = Objects.requireNonNull(b.connection, "connection");
    this.mapping = Objects.requireNonNull(b.mapping, "mapping");
    this.reissueOnDrift = b.reissueOnDrift;
    this.api = new GeneratedScaleApi(connection);
    this.reconciler = new Reconciler(api, mapping, reissueOnDrift, false, a -> {});
    this.lockScope = b.lockScope != null ? b.lockScope : connection.baseUrl().toString();
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
    return new Builder().connection(connection).mapping(mapping).reissueOnDrift(reissueOnDrift);
  }

  /**
   * The mapping in use.
   *
   * @return the mapping
   */
  public CrmMapping mapping() {
    return mapping;
  }

  /**
   * Makes sure the account exists in Scale as a licensee: finds it by natural id (and, if the
   * mapping says so, adopts one found by email); creates it with setup-organization (B2B) or
   * setup-user (B2C, which also creates the person's license consumer); otherwise updates it only
   * when a mapped field differs.
   *
   * @param account the CRM account
   * @return created, updated or unchanged, with the licensee
   * @throws io.scalecrm.client.ScaleException when Scale cannot be reached or refuses; {@link
   *     InvalidCrmRecordException} when the account conflicts with another record in Scale
   */
  public UpsertResult<ScaleLicensee> upsertLicensee(CrmAccount account) {
    Objects.requireNonNull(account, "account");
    return AccountLocks.withLock(
        lockScope + "|" + mapping.naturalId(account), () -> reconciler.upsertLicensee(account));
  }

  /**
   * Makes sure the contact exists in Scale as a license consumer: finds it by external reference,
   * then by email (adopting, for example, the person consumer that setup-user created for a B2C
   * account, unless another CRM record owns it); creates it, or updates it only when changed. Does
   * not grant access; see {@link #grantAccess}.
   *
   * @param contact the CRM contact
   * @return created, updated or unchanged, with the consumer
   * @throws io.scalecrm.client.ScaleException when Scale cannot be reached or refuses; {@link
   *     InvalidCrmRecordException} when the contact's email belongs to another record in Scale
   */
  public UpsertResult<ScaleConsumer> upsertConsumer(CrmContact contact) {
    Objects.requireNonNull(contact, "contact");
    return AccountLocks.withLock(
        lockScope + "|" + mapping.naturalIdOf(contact.accountCrmId()),
        () -> reconciler.upsertConsumer(contact));
  }

  /**
   * Gives consumers access to the licensee's default license container; only those that do not have
   * it yet are granted.
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
    return reconciler.grantAccess(licenseeId, ids, CrmRecordType.CONTACT, licenseeId);
  }

  /**
   * Issues the licenses of an order's lines: for each line, finds its license by order reference
   * and issues one from the SKU's product configuration only when none exists. A line whose
   * quantity, validity or product changed since its license was issued is reported as {@link
   * LineOutcome#DRIFT} (or, with {@link Builder#reissueOnDrift}, revoked and issued anew). One bad
   * line does not stop the others.
   *
   * @param order the CRM order; its account must already be synced
   * @return one result per line
   * @throws InvalidCrmRecordException when the order's account has no licensee in Scale
   * @throws io.scalecrm.client.ScaleException when Scale cannot be reached to list licenses
   */
  public OrderResult issueForOrder(CrmOrder order) {
    Objects.requireNonNull(order, "order");
    String naturalId = mapping.naturalIdOf(order.accountCrmId());
    return AccountLocks.withLock(
        lockScope + "|" + naturalId,
        () -> {
          Optional<LicenseeRow> licensee = api.findLicenseeByNaturalId(naturalId);
          String licenseeId =
              licensee
                  .map(LicenseeRow::id)
                  .orElseThrow(
                      () ->
                          new InvalidCrmRecordException(
                              CrmRecordType.ORDER,
                              order.crmId(),
                              "accountCrmId",
                              "names account '"
                                  + order.accountCrmId()
                                  + "', which has no licensee in Scale; upsert the account first"));
          Map<String, List<ScaleLicense>> byRef = reconciler.licensesByReference(licenseeId);
          List<LineResult> lines = reconciler.issueLines(licenseeId, order, byRef);
          Set<String> issued = new TreeSet<>();
          lines.stream()
              .filter(l -> l.outcome() == LineOutcome.ISSUED || l.outcome() == LineOutcome.REISSUED)
              .forEach(l -> issued.add(l.orderReference()));
          reconciler.removeDuplicates(licenseeId, issued);
          return new OrderResult(order.crmId(), licenseeId, lines);
        });
  }

  /**
   * Applies one CRM record with the same steps a bulk {@link #sync} takes for it: an account
   * becomes a licensee; a contact a license consumer with access to its account's licensee; an
   * order's lines licenses; a {@link CrmTombstone} the removal its mapping's lifecycle policy
   * chooses. Idempotent: applying the same record again writes nothing. Never throws for a bad
   * record or a Scale error: the result's failures say what failed and whether it is pending.
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
    List<SyncAction> actions = new java.util.ArrayList<>();
    List<SyncFailure> failures = new java.util.ArrayList<>();
    Outcome outcome;
    CrmRecordType type = record.recordType();
    try {
      if (record instanceof CrmAccount) {
        outcome = upsertLicensee((CrmAccount) record).outcome();
      } else if (record instanceof CrmContact) {
        CrmContact contact = (CrmContact) record;
        Optional<LicenseeRow> licensee =
            api.findLicenseeByNaturalId(mapping.naturalIdOf(contact.accountCrmId()));
        if (licensee.isEmpty()) {
          failures.add(
              new SyncFailure(
                  type,
                  contact.crmId(),
                  "accountCrmId",
                  "its account '" + contact.accountCrmId() + "' has no licensee in Scale yet",
                  FailureKind.DEPENDENCY));
          outcome = Outcome.FAILED;
        } else {
          UpsertResult<ScaleConsumer> consumer = upsertConsumer(contact);
          AccessResult access =
              grantAccess(
                  java.util.Objects.requireNonNull(licensee.get().id()),
                  List.of(consumer.scaleId()));
          outcome =
              consumer.outcome() == Outcome.UNCHANGED && access.changed()
                  ? Outcome.UPDATED
                  : consumer.outcome();
        }
      } else if (record instanceof CrmOrder) {
        OrderResult order = issueForOrder((CrmOrder) record);
        outcome = Outcome.UNCHANGED;
        for (LineResult line : order.lines()) {
          if (line.outcome() == LineOutcome.FAILED || line.outcome() == LineOutcome.DRIFT) {
            ScaleException error = line.error();
            failures.add(
                error != null
                    ? SyncFailure.of(CrmRecordType.ORDER_LINE, line.lineId(), error)
                    : new SyncFailure(
                        CrmRecordType.ORDER_LINE,
                        line.lineId(),
                        null,
                        String.valueOf(line.message()),
                        FailureKind.RECORD_DATA));
          } else if (line.outcome() != LineOutcome.UNCHANGED) {
            outcome = Outcome.UPDATED;
          }
        }
      } else {
        throw new UnsupportedOperationException("Removals are not supported yet");
      }
    } catch (RuntimeException e) {
      failures.add(SyncFailure.of(type, record.crmId(), e));
      outcome = Outcome.FAILED;
    }
    if (!failures.isEmpty()) {
      outcome = Outcome.FAILED;
    }
    return new RecordResult(type, record.crmId(), outcome, failures, actions);
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
   * reads after the stored checkpoints; with bounded concurrency and one account's work serialised;
   * continuing past bad records; checkpointing after each page so a restarted sync resumes. Never
   * throws for a bad record or a Scale error on one record: see the report.
   *
   * @param adapter the CRM adapter; called from one thread at a time
   * @param options the run's options (dry run, concurrency, page size, checkpoints, listener)
   * @return what was done (or, in a dry run, planned), every failure, and API calls per operation
   */
  public SyncReport sync(CrmAdapter adapter, SyncOptions options) {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(options, "options");
    return new SyncRun(connection, mapping, reissueOnDrift, adapter, options, lockScope).run();
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
     * Whether a drifted order line (quantity, validity or product changed after issue) is revoked
     * and issued anew rather than only reported. Default {@code false}.
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
