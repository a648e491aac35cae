package io.scalecrm.crm;

import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CrmTombstone;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of every operation, shared by the single-record operations of {@link CrmSync} and by
 * bulk sync: look the entity up by its CRM key (or in the run's index), write only what differs,
 * and resolve an ambiguous write (a lost answer, a 5xx, a timeout, a 409 from a racing writer) by
 * reading again — never by a blind second create.
 *
 * <p>Steps record the writes they make in the {@link Task}; a dry run is the same steps over a
 * {@link PlanningScaleApi}. Thread-safe; callers serialise the work of one account.
 */
final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

  /** The order in which duplicate licenses of one line are kept: earliest issued, then id. */
  static final Comparator<ScaleLicense> SURVIVOR =
      Comparator.comparing(
              (ScaleLicense l) -> l.created() == null ? Instant.MAX : l.created(),
              Comparator.naturalOrder())
          .thenComparing(ScaleLicense::id);

  private final RunState s;

  Steps(RunState s) {
    this.s = s;
  }

  RunState state() {
    return s;
  }

  // =============================================================================================
  // Licensees

  UpsertResult<ScaleLicensee> licensee(Task t, CrmAccount account) {
    String naturalId = s.naturalId(account);
    TenantIndex.Hint<LicenseeRow> hint = s.index.licensee(naturalId);
    Optional<LicenseeRow> found;
    boolean fresh;
    if (hint.known() == TenantIndex.Known.UNKNOWN) {
      found = s.api.findLicenseeByNaturalId(naturalId);
      fresh = true;
    } else {
      found = hint.value();
      fresh = false;
    }
    if (found.isEmpty() && s.mapping.adoptLicenseeByEmail() && account.email() != null) {
      TenantIndex.Hint<LicenseeRow> byEmail = s.index.licenseeByEmail(account.email());
      Optional<LicenseeRow> candidate =
          byEmail.known() == TenantIndex.Known.ABSENT
              ? Optional.empty()
              : s.api.findLicenseeByEmail(account.email());
      if (candidate.isPresent()) {
        String claimedBy = candidate.get().naturalId();
        if (CrmMapping.claimedNaturalId(claimedBy) && !naturalId.equals(claimedBy)) {
          throw new InvalidCrmRecordException(
              CrmRecordType.ACCOUNT,
              account.crmId(),
              "email",
              "belongs to the Scale licensee of another CRM record ('"
                  + claimedBy
                  + "'); not adopted");
        }
        found = candidate;
        fresh = true;
      }
    }
    if (found.isPresent()) {
      return reconcileLicensee(t, account, naturalId, found.get(), fresh);
    }
    return createLicensee(t, account, naturalId);
  }

  private UpsertResult<ScaleLicensee> createLicensee(Task t, CrmAccount account, String naturalId) {
    LicenseeRow draft = desired(account, null, naturalId);
    Supplier<LicenseeRow> create =
        () ->
            account.type() == CustomerType.B2C
                ? s.api.setupUser(draft, null)
                : s.api.setupOrganization(draft);
    Created<LicenseeRow> result;
    try {
      result = createResolving(create, () -> s.api.findLicenseeByNaturalId(naturalId), naturalId);
    } catch (ScaleHttpException e) {
      if (e.status() == 409 && account.email() != null && s.mapping.adoptLicenseeByEmail()) {
        Optional<LicenseeRow> holder = s.api.findLicenseeByEmail(account.email());
        if (holder.isPresent() && !CrmMapping.claimedNaturalId(holder.get().naturalId())) {
          return reconcileLicensee(t, account, naturalId, holder.get(), true);
        }
      }
      if (e.status() == 409 && account.email() != null) {
        throw new InvalidCrmRecordException(
            CrmRecordType.ACCOUNT,
            account.crmId(),
            "email",
            "is already used by another licensee or license consumer in Scale");
      }
      throw e;
    }
    if (!result.created()) {
      // a concurrent writer created it first: adopt it as it is, updating what differs
      return reconcileLicensee(t, account, naturalId, result.row(), true);
    }
    LicenseeRow row = result.row();
    t.action(
        ActionType.CREATE_LICENSEE,
        CrmRecordType.ACCOUNT,
        account.crmId(),
        "naturalId=" + naturalId);
    s.index.putLicensee(row);
    s.remember(naturalId, LicenseeInfo.of(row, true));
    return new UpsertResult.Created<>(row.view(), Objects.requireNonNull(row.id()));
  }

  private UpsertResult<ScaleLicensee> reconcileLicensee(
      Task t, CrmAccount account, String naturalId, LicenseeRow existing, boolean fresh) {
    String id = Objects.requireNonNull(existing.id());
    Set<String> changed = licenseeChanges(account, naturalId, existing);
    if (!changed.isEmpty() && !fresh) {
      // the index is a hint: decide the update on what Scale holds now
      existing =
          s.api
              .getLicensee(id)
              .orElseThrow(() -> vanished("licensee", naturalId, CrmRecordType.ACCOUNT));
      changed = licenseeChanges(account, naturalId, existing);
    }
    if (existing.type() != account.type()) {
      LOG.warn(
          "Licensee {} is {} in Scale but CRM account {} is {}; Scale cannot change a licensee's"
              + " type, so it is left as it is",
          naturalId,
          existing.type(),
          account.crmId(),
          account.type());
    }
    if (changed.isEmpty()) {
      s.index.putLicensee(existing);
      s.remember(naturalId, LicenseeInfo.of(existing, false));
      return new UpsertResult.Unchanged<>(existing.view(), id);
    }
    LicenseeRow wanted = desired(account, existing, naturalId);
    LicenseeRow updated;
    try {
      updated = s.api.updateLicensee(wanted);
    } catch (ScaleHttpException e) {
      if (e.status() == 409 && changed.contains("email")) {
        throw new InvalidCrmRecordException(
            CrmRecordType.ACCOUNT,
            account.crmId(),
            "email",
            "is already used by another licensee or license consumer in Scale");
      }
      if (e.status() == 404) {
        throw vanished("licensee", naturalId, CrmRecordType.ACCOUNT);
      }
      throw e;
    }
    t.action(
        ActionType.UPDATE_LICENSEE,
        CrmRecordType.ACCOUNT,
        account.crmId(),
        "naturalId=" + naturalId + " fields=" + changed);
    s.index.putLicensee(updated);
    s.remember(naturalId, LicenseeInfo.of(updated.withId(id), false));
    return new UpsertResult.Updated<>(updated.view(), id, changed);
  }

  private Set<String> licenseeChanges(CrmAccount account, String naturalId, LicenseeRow existing) {
    LicenseeRow wanted = desired(account, existing, naturalId);
    Set<String> changed = new TreeSet<>();
    diff(changed, "name", existing.name(), wanted.name());
    diff(changed, "displayName", existing.displayName(), wanted.displayName());
    diff(changed, "email", existing.email(), wanted.email());
    diff(changed, "contactInfo", existing.contactInfo(), wanted.contactInfo());
    diff(changed, "naturalId", existing.naturalId(), wanted.naturalId());
    return changed;
  }

  /** The licensee as the CRM says it should be, keeping the fields we do not map. */
  private LicenseeRow desired(CrmAccount a, @Nullable LicenseeRow existing, String naturalId) {
    Set<LicenseeField> copied = s.mapping.copiedFields();
    return new LicenseeRow(
        existing == null ? null : existing.id(),
        a.name(),
        pick(
            copied.contains(LicenseeField.DISPLAY_NAME),
            a.displayName(),
            existing,
            LicenseeRow::displayName),
        existing == null ? null : existing.description(),
        pick(copied.contains(LicenseeField.EMAIL), a.email(), existing, LicenseeRow::email),
        pick(
            copied.contains(LicenseeField.CONTACT_INFO),
            a.contactInfo(),
            existing,
            LicenseeRow::contactInfo),
        naturalId,
        existing == null ? null : existing.externalReference(),
        existing == null ? a.type() : existing.type());
  }

  private static @Nullable String pick(
      boolean copy,
      @Nullable String crmValue,
      @Nullable LicenseeRow existing,
      Function<LicenseeRow, @Nullable String> field) {
    if (copy) {
      return crmValue;
    }
    return existing == null ? null : field.apply(existing);
  }

  /**
   * The licensee of the account a contact or order belongs to: known to this run, in the index, in
   * Scale, or (an account this run did not read) read from the CRM and synced now.
   *
   * @throws MissingDependencyException when the account failed in this run or cannot be found
   */
  LicenseeInfo licenseeOf(
      Task t,
      CrmRecordType type,
      String crmId,
      String accountCrmId,
      Function<String, Optional<CrmAccount>> crm) {
    FailureKind failed = s.accountFailure(accountCrmId);
    if (failed != null) {
      throw new MissingDependencyException(
          type,
          crmId,
          "its account '"
              + accountCrmId
              + "' did not sync ("
              + failed.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + "); it is retried with the account");
    }
    if (type == CrmRecordType.CONTACT && s.deletedThisRun(accountCrmId)) {
      throw new InvalidCrmRecordException(
          type,
          crmId,
          "accountCrmId",
          "names account '"
              + accountCrmId
              + "', which the CRM reports as deleted; mark the "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + " as removed too, or move it to another account");
    }
    String naturalId = s.mapping.naturalIdOf(type, crmId, accountCrmId);
    LicenseeInfo known = s.licensee(naturalId);
    if (known != null) {
      return known;
    }
    TenantIndex.Hint<LicenseeRow> hint = s.index.licensee(naturalId);
    Optional<LicenseeRow> found =
        hint.known() == TenantIndex.Known.UNKNOWN
            ? s.api.findLicenseeByNaturalId(naturalId)
            : hint.value();
    if (found.isPresent()) {
      LicenseeInfo info = LicenseeInfo.of(found.get(), false);
      s.remember(naturalId, info);
      return info;
    }
    Optional<CrmAccount> account = crm.apply(accountCrmId);
    if (account.isPresent()) {
      UpsertResult<ScaleLicensee> r = licensee(t, account.get());
      t.extra(CrmRecordType.ACCOUNT, accountCrmId, r.outcome());
      LicenseeInfo info = s.licensee(naturalId);
      if (info != null) {
        return info;
      }
    }
    throw new MissingDependencyException(
        type,
        crmId,
        "its account '"
            + accountCrmId
            + "' has no licensee in Scale and was not found in the CRM; it stays pending until"
            + " the account syncs");
  }

  // =============================================================================================
  // Consumers

  /** What the consumer step did for one contact. */
  record ConsumerResult(
      String consumerId,
      Outcome outcome,
      boolean linked,
      ScaleConsumer value,
      Set<String> changed) {}

  /**
   * Makes sure the contact has its license consumer: its own (found by external reference), or the
   * consumer that already holds its email when that one may serve it — see {@link #shared}.
   */
  ConsumerResult consumer(Task t, CrmContact contact, LicenseeInfo licensee) {
    String ref = s.externalReference(contact);
    String waitFor = contact.email() == null ? null : s.accountWithFailedEmail(contact.email());
    if (waitFor != null) {
      // that account's person would claim the email: let it sync first, whatever the order
      throw new MissingDependencyException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "its email is also the email of account '"
              + waitFor
              + "', which did not sync in this run; it is retried with that account");
    }
    TenantIndex.Hint<ConsumerRow> hint = s.index.consumer(ref);
    Optional<ConsumerRow> own;
    boolean fresh;
    if (hint.known() == TenantIndex.Known.UNKNOWN) {
      own = s.api.findConsumerByExternalReference(ref);
      fresh = true;
    } else {
      own = hint.value();
      fresh = false;
    }
    if (own.isPresent()) {
      return reconcileConsumer(t, contact, ref, own.get(), fresh, false);
    }
    String email = contact.email();
    if (email != null) {
      Optional<ConsumerRow> holder = Optional.empty();
      TenantIndex.Hint<ConsumerRow> byEmail = s.index.consumerByEmail(email);
      if (byEmail.known() == TenantIndex.Known.PRESENT) {
        holder = s.api.findConsumerByEmail(email);
      } else if (licensee.person() && licensee.holdsEmail(email)) {
        // setup-user created the person's consumer with this email: adoption applies
        holder = s.api.findConsumerByEmail(email);
      }
      if (holder.isPresent()) {
        return shared(t, contact, ref, licensee, holder.get());
      }
    }
    return createConsumer(t, contact, ref, licensee);
  }

  private ConsumerResult createConsumer(
      Task t, CrmContact contact, String ref, LicenseeInfo licensee) {
    ConsumerRow draft =
        new ConsumerRow(
            null,
            contact.name(),
            contact.kind(),
            null,
            null,
            null,
            contact.email(),
            null,
            contact.connectedIdentityId(),
            ref,
            null);
    Created<ConsumerRow> result;
    try {
      result =
          createResolving(
              () -> s.api.createConsumer(draft),
              () -> s.api.findConsumerByExternalReference(ref),
              ref);
    } catch (ScaleHttpException e) {
      if (e.status() != 409 || contact.email() == null) {
        throw e;
      }
      // the email is taken: by a consumer that may serve this contact, or by a licensee
      Optional<ConsumerRow> holder = s.api.findConsumerByEmail(contact.email());
      if (holder.isPresent()) {
        return shared(t, contact, ref, licensee, holder.get());
      }
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "email",
          "is the email of a licensee in Scale (a customer's own email); a license consumer"
              + " cannot have it too");
    }
    if (!result.created()) {
      return reconcileConsumer(t, contact, ref, result.row(), true, false);
    }
    ConsumerRow row = result.row();
    t.action(
        ActionType.CREATE_CONSUMER,
        CrmRecordType.CONTACT,
        contact.crmId(),
        "externalReference=" + ref);
    s.index.putConsumer(row);
    String id = Objects.requireNonNull(row.id());
    return new ConsumerResult(id, Outcome.CREATED, false, row.view(), Set.of());
  }

  /**
   * A consumer holds the contact's email but not its key. Scale keeps emails unique, so one person
   * is one consumer: the rule, the same whatever order records sync in, is
   *
   * <ul>
   *   <li>the person consumer that setup-user created for a B2C licensee belongs to that licensee's
   *       own contacts: one of them adopts it (puts its key on it), any other contact with the
   *       email only links to it (the consumer gets access to that contact's account);
   *   <li>any other consumer holding the email is owned by the contact with the smallest key among
   *       the contacts that hold it: a contact with a smaller key takes it over (puts its key and
   *       fields on it), one with a larger key links to it.
   * </ul>
   */
  private ConsumerResult shared(
      Task t, CrmContact contact, String ref, LicenseeInfo licensee, ConsumerRow holder) {
    if (holder.kind() == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "email",
          "is the email of a license-key consumer in Scale, which a CRM contact cannot use");
    }
    String holderRef = holder.externalReference();
    if (ref.equals(holderRef)) {
      return reconcileConsumer(t, contact, ref, holder, true, false);
    }
    String email = Objects.requireNonNull(contact.email());
    Optional<String> reservedFor = personLicenseeOf(email, licensee);
    boolean reservedForOurs = reservedFor.isPresent() && reservedFor.get().equals(licensee.id());
    boolean otherAccountsPerson = reservedFor.isPresent() && !reservedForOurs;
    boolean own;
    if (holderRef == null) {
      own = !otherAccountsPerson;
    } else {
      own = !otherAccountsPerson && ref.compareTo(holderRef) < 0;
    }
    if (!own) {
      String id = Objects.requireNonNull(holder.id());
      return new ConsumerResult(id, Outcome.UNCHANGED, true, holder.view(), Set.of());
    }
    if (holderRef != null) {
      s.index.forgetConsumerRef(holderRef);
    }
    if (reservedForOurs && licensee.createdThisRun()) {
      // setup-user gave its person access to the new licensee's container
      s.accessGranted(licensee.id(), List.of(Objects.requireNonNull(holder.id())));
    }
    return reconcileConsumer(t, contact, ref, holder, true, true);
  }

  /**
   * The B2C licensee whose person has this email (the contact's own licensee first). Always read
   * from Scale, never from the index: it decides whether this contact may claim the consumer.
   */
  private Optional<String> personLicenseeOf(String email, LicenseeInfo licensee) {
    if (licensee.person() && licensee.holdsEmail(email)) {
      return Optional.of(licensee.id());
    }
    return s.api
        .findLicenseeByEmail(email)
        .filter(l -> l.type() == CustomerType.B2C)
        .map(l -> Objects.requireNonNull(l.id()));
  }

  private ConsumerResult reconcileConsumer(
      Task t,
      CrmContact contact,
      String ref,
      ConsumerRow existing,
      boolean fresh,
      boolean adopting) {
    if (existing.kind() == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "crmId",
          "matches a license-key consumer in Scale, which cannot be managed from a CRM contact");
    }
    String id = Objects.requireNonNull(existing.id());
    Set<String> changed = consumerChanges(contact, ref, existing);
    if (!changed.isEmpty() && !fresh) {
      existing =
          s.api
              .findConsumerByExternalReference(ref)
              .orElseThrow(() -> vanished("license consumer", ref, CrmRecordType.CONTACT));
      changed = consumerChanges(contact, ref, existing);
    }
    if (changed.isEmpty()) {
      s.index.putConsumer(existing);
      return new ConsumerResult(id, Outcome.UNCHANGED, false, existing.view(), Set.of());
    }
    ConsumerRow wanted = wantedConsumer(contact, ref, existing);
    ConsumerRow updated;
    try {
      updated = s.api.updateConsumer(wanted);
    } catch (ScaleHttpException e) {
      if (e.status() == 409) {
        throw new InvalidCrmRecordException(
            CrmRecordType.CONTACT,
            contact.crmId(),
            changed.contains("email") ? "email" : "crmId",
            "is already used by a licensee or another license consumer in Scale");
      }
      if (e.status() == 404) {
        throw vanished("license consumer", ref, CrmRecordType.CONTACT);
      }
      throw e;
    }
    t.action(
        ActionType.UPDATE_CONSUMER,
        CrmRecordType.CONTACT,
        contact.crmId(),
        "externalReference=" + ref + (adopting ? " adopted" : "") + " fields=" + changed);
    s.index.putConsumer(updated);
    return new ConsumerResult(id, Outcome.UPDATED, false, updated.view(), changed);
  }

  private static ConsumerRow wantedConsumer(CrmContact contact, String ref, ConsumerRow existing) {
    return new ConsumerRow(
        existing.id(),
        contact.name(),
        contact.kind(),
        existing.displayName(),
        existing.displayLabel(),
        existing.description(),
        contact.email(),
        existing.contactInfo(),
        contact.connectedIdentityId() != null
            ? contact.connectedIdentityId()
            : existing.connectedIdentityId(),
        ref,
        existing.naturalId());
  }

  private static Set<String> consumerChanges(CrmContact contact, String ref, ConsumerRow existing) {
    ConsumerRow wanted = wantedConsumer(contact, ref, existing);
    Set<String> changed = new TreeSet<>();
    diff(changed, "name", existing.name(), wanted.name());
    diff(changed, "type", existing.kind(), wanted.kind());
    diff(changed, "email", existing.email(), wanted.email());
    diff(
        changed,
        "connectedIdentityId",
        existing.connectedIdentityId(),
        wanted.connectedIdentityId());
    diff(changed, "externalReference", existing.externalReference(), wanted.externalReference());
    return changed;
  }

  // =============================================================================================
  // Access

  /**
   * Gives the consumers access to the licensee's default container, in calls of at most {@value
   * ScaleApi#PAGE}; only those that lack it.
   */
  AccessResult grantAccess(
      Task t,
      LicenseeInfo licensee,
      Collection<String> consumerIds,
      CrmRecordType source,
      String sourceId) {
    Set<String> present = presentAccess(licensee);
    List<String> missing = new ArrayList<>();
    List<String> already = new ArrayList<>();
    for (String id : new LinkedHashSet<>(consumerIds)) {
      (present.contains(id) ? already : missing).add(id);
    }
    for (int from = 0; from < missing.size(); from += ScaleApi.PAGE) {
      List<String> chunk = missing.subList(from, Math.min(missing.size(), from + ScaleApi.PAGE));
      s.api.grantAccess(licensee.id(), chunk);
      s.accessGranted(licensee.id(), chunk);
      t.action(ActionType.GRANT_ACCESS, source, sourceId, "consumers=" + chunk.size());
    }
    return new AccessResult(licensee.id(), missing, already);
  }

  Set<String> presentAccess(LicenseeInfo licensee) {
    Set<String> known = s.access(licensee.id());
    if (known != null) {
      synchronized (known) {
        return new LinkedHashSet<>(known);
      }
    }
    Set<String> read = s.api.defaultContainerConsumerIds(licensee.id());
    s.accessRead(licensee.id(), read);
    return read;
  }

  // =============================================================================================
  // Licenses

  /** What the line step did, and what it leaves to do after the guard and the verification. */
  record LineStep(
      LineResult result, @Nullable PlannedRemoval removal, @Nullable String issuedReference) {}

  /**
   * The licensee's licenses: as this run last saw them, none when this run created the licensee,
   * else read from Scale — and every read repairs duplicates of this CRM's order references.
   */
  List<ScaleLicense> licensesOf(Task t, LicenseeInfo licensee, CrmRecordType source, String id) {
    List<ScaleLicense> known = s.licenses(licensee.id());
    if (known != null) {
      return known;
    }
    List<ScaleLicense> read = new ArrayList<>(s.api.licenses(licensee.id()));
    repairDuplicates(t, licensee, read, null, source, id);
    s.licensesRead(licensee.id(), read);
    return read;
  }

  /**
   * Syncs the lines of an order against the licensee's licenses ({@code licenses} is updated with
   * what is issued). Cancelled lines only plan their removal.
   */
  List<LineStep> lines(Task t, LicenseeInfo licensee, CrmOrder order, List<ScaleLicense> licenses) {
    List<LineStep> steps = new ArrayList<>();
    Instant now = s.api.now();
    boolean uncertain = false;
    try {
      for (CrmOrderLine line : order.lines()) {
        String ref = "";
        try {
          ref = s.orderReference(order, line);
          steps.add(line(t, licensee, order, line, ref, licenses, now));
        } catch (ScaleException e) {
          uncertain = true;
          steps.add(new LineStep(LineResult.failed(line.lineId(), ref, e), null, null));
        }
      }
    } catch (RuntimeException | Error e) {
      uncertain = true;
      throw e;
    } finally {
      if (uncertain) {
        // a failed grant or edit may have landed: a retry must read, or it issues a second license
        s.forgetLicenses(licensee.id());
      } else {
        s.licensesRead(licensee.id(), licenses);
      }
    }
    for (InvalidCrmRecordException invalid : order.invalidLines()) {
      steps.add(new LineStep(LineResult.failed(invalid.crmId(), "", invalid), null, null));
    }
    return steps;
  }

  private LineStep line(
      Task t,
      LicenseeInfo licensee,
      CrmOrder order,
      CrmOrderLine line,
      String ref,
      List<ScaleLicense> licenses,
      Instant now) {
    List<ScaleLicense> mine = new ArrayList<>();
    for (ScaleLicense l : licenses) {
      if (ref.equals(l.orderReference())) {
        mine.add(l);
      }
    }
    if (!line.cancelled() && s.deletedThisRun(order.accountCrmId())) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER_LINE,
          line.lineId(),
          "status",
          "is active, but the CRM reports the order's account '"
              + order.accountCrmId()
              + "' as deleted; cancel the line too");
    }
    if (line.cancelled()) {
      Instant end = line.cancelledAt() != null ? line.cancelledAt() : now;
      List<String> ids = mine.stream().filter(l -> l.activeAt(end)).map(ScaleLicense::id).toList();
      if (ids.isEmpty()) {
        return new LineStep(
            LineResult.of(line.lineId(), ref, LineOutcome.UNCHANGED, mine), null, null);
      }
      PlannedRemoval removal =
          new PlannedRemoval(
              CrmRecordType.ORDER_LINE,
              line.lineId(),
              order.accountCrmId(),
              s.mapping.orderCancellation() == OrderCancellation.REVOKE
                  ? ActionType.REVOKE_LICENSE
                  : null,
              licensee.id(),
              licensee.type(),
              ids,
              end,
              "revoke the license of cancelled line " + line.lineId() + " (" + ref + ")");
      return new LineStep(
          LineResult.of(line.lineId(), ref, LineOutcome.UNCHANGED, mine), removal, null);
    }
    UUID productConfigId = productConfig(line);
    List<ScaleLicense> matching = new ArrayList<>();
    List<ScaleLicense> active = new ArrayList<>();
    for (ScaleLicense l : mine) {
      boolean isActive = l.activeAt(now);
      if (isActive) {
        active.add(l);
      }
      if (matches(l, line, productConfigId) && (isActive || !hasEnded(line, now))) {
        matching.add(l);
      }
    }
    if (!matching.isEmpty()) {
      matching.sort(SURVIVOR);
      ScaleLicense survivor = matching.get(0);
      for (ScaleLicense extra : matching.subList(1, matching.size())) {
        if (extra.activeAt(now)) {
          deleteDuplicate(t, licensee, extra, ref, CrmRecordType.ORDER_LINE, line.lineId());
          licenses.remove(extra);
        }
      }
      if (s.reissueOnDrift) {
        // a replacement issued by an earlier run that died before it revoked the old license
        List<String> replaced = new ArrayList<>();
        for (ScaleLicense l : active) {
          if (!matches(l, line, productConfigId)) {
            replaced.add(l.id());
          }
        }
        revokeReplaced(t, licensee, replaced, now, ref, line.lineId(), licenses);
      }
      return new LineStep(
          LineResult.of(line.lineId(), ref, LineOutcome.UNCHANGED, List.of(survivor)), null, null);
    }
    if (active.isEmpty()) {
      ScaleLicense issued = issue(t, licensee, order, line, ref, productConfigId, licenses);
      return new LineStep(
          LineResult.of(line.lineId(), ref, LineOutcome.ISSUED, List.of(issued)), null, ref);
    }
    active.sort(SURVIVOR);
    ScaleLicense current = active.get(0);
    Set<LineField> drift = drift(current, line, productConfigId);
    if (drift.equals(EnumSet.of(LineField.VALID_UNTIL))
        && s.mapping.extendRenewals()
        && current.validUntil() != null
        && line.validUntil() != null
        && line.validUntil().isAfter(current.validUntil())) {
      List<ScaleLicense> renewed =
          s.api.editValidity(licensee.id(), List.of(current.id()), null, line.validUntil());
      t.action(
          ActionType.RENEW_LICENSE,
          CrmRecordType.ORDER_LINE,
          line.lineId(),
          "orderReference=" + ref + " validUntil=" + line.validUntil());
      ScaleLicense now2 =
          renewed.isEmpty() ? withValidUntil(current, line.validUntil()) : renewed.get(0);
      ScaleLicense kept = withReferences(now2, current);
      licenses.remove(current);
      licenses.add(kept);
      return new LineStep(
          new LineResult(line.lineId(), ref, LineOutcome.RENEWED, List.of(kept), drift, null, null),
          null,
          null);
    }
    String message = describeDrift(current, line, drift);
    if (!s.reissueOnDrift) {
      return new LineStep(
          new LineResult(
              line.lineId(),
              ref,
              LineOutcome.DRIFT,
              active,
              drift,
              message
                  + "; licenses are frozen once issued (turn on reissueOnDrift to issue a new one"
                  + " and revoke the old)",
              null),
          null,
          null);
    }
    // make before break: the customer holds a valid license for the line at every moment
    ScaleLicense issued = issue(t, licensee, order, line, ref, productConfigId, licenses);
    revokeReplaced(
        t,
        licensee,
        active.stream().map(ScaleLicense::id).toList(),
        now,
        ref,
        line.lineId(),
        licenses);
    return new LineStep(
        new LineResult(
            line.lineId(), ref, LineOutcome.REISSUED, List.of(issued), drift, message, null),
        null,
        ref);
  }

  private static boolean hasEnded(CrmOrderLine line, Instant now) {
    return line.validUntil() != null && !line.validUntil().isAfter(now);
  }

  /** The largest seat count Scale allows on one license. */
  static final int MAX_SEATS = 1000;

  private UUID productConfig(CrmOrderLine line) {
    if (s.badSkus.contains(line.sku())) {
      throw unknownProductConfig(line);
    }
    UUID id =
        s.mapping
            .skus()
            .productConfigId(line.sku())
            .orElseThrow(
                () ->
                    new InvalidCrmRecordException(
                        CrmRecordType.ORDER_LINE,
                        line.lineId(),
                        "sku",
                        "'" + line.sku() + "' has no product configuration in the SKU map"));
    Map<UUID, @Nullable String> catalogue = s.catalogue();
    if (catalogue != null) {
      if (!catalogue.containsKey(id)) {
        s.badSkus.add(line.sku());
        throw unknownProductConfig(line);
      }
      if ("SEATS".equals(catalogue.get(id)) && line.quantity() > MAX_SEATS) {
        throw new InvalidCrmRecordException(
            CrmRecordType.ORDER_LINE,
            line.lineId(),
            "quantity",
            "is more seats than Scale allows on one license (at most " + MAX_SEATS + ")");
      }
    }
    return id;
  }

  private static InvalidCrmRecordException unknownProductConfig(CrmOrderLine line) {
    return new InvalidCrmRecordException(
        CrmRecordType.ORDER_LINE,
        line.lineId(),
        "sku",
        "'"
            + line.sku()
            + "' maps to a product configuration that does not exist in Scale; fix the SKU map");
  }

  private ScaleLicense issue(
      Task t,
      LicenseeInfo licensee,
      CrmOrder order,
      CrmOrderLine line,
      String ref,
      UUID productConfigId,
      List<ScaleLicense> licenses) {
    GrantRequest request =
        new GrantRequest(
            productConfigId,
            line.quantity(),
            line.validFrom(),
            line.validUntil(),
            ref,
            line.sku(),
            line.subscriptionReference(),
            line.contractReference());
    Supplier<ScaleLicense> grant =
        () -> {
          List<ScaleLicense> issued = s.api.grant(licensee.id(), request);
          if (issued.isEmpty()) {
            throw new ScaleException(
                "Scale answered the grant of order reference " + ref + " with no license",
                null,
                false);
          }
          return issued.get(0);
        };
    Supplier<Optional<ScaleLicense>> reread =
        () ->
            s.api.licenses(licensee.id()).stream()
                .filter(l -> ref.equals(l.orderReference()))
                .filter(l -> matches(l, line, productConfigId))
                .min(SURVIVOR);
    Created<ScaleLicense> result;
    try {
      result = createResolving(grant, reread, ref);
    } catch (ScaleHttpException e) {
      throw grantRefused(e, licensee, line);
    }
    ScaleLicense issued = result.row();
    if (result.created()) {
      t.action(
          ActionType.ISSUE_LICENSE,
          CrmRecordType.ORDER_LINE,
          line.lineId(),
          "orderReference=" + ref + " sku=" + line.sku() + " qty=" + line.quantity());
    }
    licenses.add(issued);
    return issued;
  }

  /** Turns a refused grant into the line's own failure where the line's values caused it. */
  private ScaleException grantRefused(
      ScaleHttpException e, LicenseeInfo licensee, CrmOrderLine line) {
    if (e.status() == 404) {
      // the licensee exists (this run found it), so the product configuration does not
      if (s.api.getLicensee(licensee.id()).isPresent()) {
        s.badSkus.add(line.sku());
        return unknownProductConfig(line);
      }
      return vanished("licensee", licensee.id(), CrmRecordType.ORDER_LINE);
    }
    if (e.status() == 400 || e.status() == 422) {
      String field =
          line.quantity() > 1000 ? "quantity" : line.validUntil() != null ? "validUntil" : null;
      String reason =
          "was refused by Scale: " + (e.description() != null ? e.description() : e.getMessage());
      if (field != null) {
        return new InvalidCrmRecordException(
            CrmRecordType.ORDER_LINE, line.lineId(), field, reason);
      }
    }
    return e;
  }

  private void revokeReplaced(
      Task t,
      LicenseeInfo licensee,
      List<String> ids,
      Instant now,
      String ref,
      String lineId,
      List<ScaleLicense> licenses) {
    for (int from = 0; from < ids.size(); from += ScaleApi.PAGE) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ScaleApi.PAGE));
      s.api.revoke(licensee.id(), chunk, now);
      t.action(
          ActionType.REVOKE_REPLACED_LICENSE,
          CrmRecordType.ORDER_LINE,
          lineId,
          "orderReference=" + ref + " licenses=" + chunk.size());
      licenses.replaceAll(l -> chunk.contains(l.id()) ? withValidUntil(l, now) : l);
    }
  }

  /**
   * After this run issued licenses of a licensee: reads them again and repairs duplicates that a
   * concurrent writer issued for the same lines (Scale keeps order references unique for nobody).
   * Every writer that issues does this read after its grant, so of two racing writers at least the
   * later one sees both licenses, and both keep the same one: the earliest issued.
   *
   * @return the surviving license of each reference
   */
  Map<String, ScaleLicense> verifyIssued(
      Task t,
      LicenseeInfo licensee,
      Set<String> issuedReferences,
      CrmRecordType source,
      String sourceId) {
    List<ScaleLicense> read = new ArrayList<>(s.api.licenses(licensee.id()));
    repairDuplicates(t, licensee, read, issuedReferences, source, sourceId);
    s.licensesRead(licensee.id(), read);
    Instant now = s.api.now();
    Map<String, ScaleLicense> survivors = new HashMap<>();
    for (ScaleLicense l : read) {
      if (l.orderReference() != null
          && issuedReferences.contains(l.orderReference())
          && l.activeAt(now)) {
        survivors.merge(l.orderReference(), l, (a, b) -> SURVIVOR.compare(a, b) <= 0 ? a : b);
      }
    }
    return survivors;
  }

  /**
   * Deletes duplicates among the active licenses: licenses of one order reference of this CRM with
   * the same terms. The earliest issued survives (ties: the smallest id), so every process keeps
   * the same one.
   */
  private void repairDuplicates(
      Task t,
      LicenseeInfo licensee,
      List<ScaleLicense> licenses,
      @Nullable Set<String> references,
      CrmRecordType source,
      String sourceId) {
    Instant now = s.api.now();
    String prefix = s.mapping.system() + ":";
    Map<String, List<ScaleLicense>> groups = new LinkedHashMap<>();
    for (ScaleLicense l : licenses) {
      String ref = l.orderReference();
      if (ref == null || !l.activeAt(now)) {
        continue;
      }
      boolean ours =
          references != null
              ? references.contains(ref)
              : s.mapping.defaultKeys() && ref.startsWith(prefix);
      if (ours) {
        groups.computeIfAbsent(termsKey(l), k -> new ArrayList<>()).add(l);
      }
    }
    for (List<ScaleLicense> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      group.sort(SURVIVOR);
      for (ScaleLicense extra : group.subList(1, group.size())) {
        deleteDuplicate(
            t, licensee, extra, Objects.requireNonNull(extra.orderReference()), source, sourceId);
        licenses.remove(extra);
      }
    }
  }

  private void deleteDuplicate(
      Task t,
      LicenseeInfo licensee,
      ScaleLicense extra,
      String ref,
      CrmRecordType source,
      String sourceId) {
    LOG.info(
        "Deleting duplicate license {} of order reference {} (a concurrent writer issued it too;"
            + " the earliest issued one stays)",
        extra.id(),
        ref);
    s.api.deleteLicense(licensee.id(), extra.id());
    t.action(ActionType.DELETE_DUPLICATE_LICENSE, source, sourceId, "orderReference=" + ref);
  }

  private static String termsKey(ScaleLicense l) {
    return l.orderReference()
        + "|"
        + l.qty()
        + "|"
        + l.productConfigId()
        + "|"
        + second(l.validFrom())
        + "|"
        + second(l.validUntil());
  }

  private static @Nullable Instant second(@Nullable Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.SECONDS);
  }

  static boolean matches(ScaleLicense l, CrmOrderLine line, UUID productConfigId) {
    return drift(l, line, productConfigId).isEmpty();
  }

  static Set<LineField> drift(ScaleLicense l, CrmOrderLine line, UUID productConfigId) {
    Set<LineField> drift = EnumSet.noneOf(LineField.class);
    if (l.qty() != line.quantity()) {
      drift.add(LineField.QUANTITY);
    }
    if (!Objects.equals(second(l.validUntil()), second(line.validUntil()))) {
      drift.add(LineField.VALID_UNTIL);
    }
    if (line.validFrom() != null
        && !Objects.equals(second(l.validFrom()), second(line.validFrom()))) {
      drift.add(LineField.VALID_FROM);
    }
    if (l.productConfigId() != null && !l.productConfigId().equals(productConfigId.toString())) {
      drift.add(LineField.PRODUCT);
    }
    return drift;
  }

  private static String describeDrift(ScaleLicense l, CrmOrderLine line, Set<LineField> drift) {
    List<String> parts = new ArrayList<>();
    if (drift.contains(LineField.QUANTITY)) {
      parts.add("quantity " + l.qty() + " in Scale, " + line.quantity() + " in the CRM");
    }
    if (drift.contains(LineField.VALID_UNTIL)) {
      parts.add("validUntil " + l.validUntil() + " in Scale, " + line.validUntil() + " in the CRM");
    }
    if (drift.contains(LineField.VALID_FROM)) {
      parts.add("validFrom " + l.validFrom() + " in Scale, " + line.validFrom() + " in the CRM");
    }
    if (drift.contains(LineField.PRODUCT)) {
      parts.add("product configuration differs (SKU " + line.sku() + ")");
    }
    return "license " + l.id() + " drifted: " + String.join(", ", parts);
  }

  private static ScaleLicense withValidUntil(ScaleLicense l, @Nullable Instant until) {
    return new ScaleLicense(
        l.id(),
        l.productName(),
        l.qty(),
        l.validFrom(),
        until,
        l.orderReference(),
        l.productConfigId(),
        l.created());
  }

  /** A license from an answer without metadata, with the references known from before. */
  private static ScaleLicense withReferences(ScaleLicense answer, ScaleLicense before) {
    return new ScaleLicense(
        answer.id(),
        answer.productName(),
        answer.qty(),
        answer.validFrom(),
        answer.validUntil(),
        answer.orderReference() != null ? answer.orderReference() : before.orderReference(),
        answer.productConfigId() != null ? answer.productConfigId() : before.productConfigId(),
        answer.created() != null ? answer.created() : before.created());
  }

  // =============================================================================================
  // Removals: planned with reads only, applied after the guard

  /** Plans what a tombstone asks for; empty when nothing in Scale is concerned. */
  Optional<PlannedRemoval> planRemoval(Task t, CrmTombstone tombstone) {
    String accountCrmId = Objects.requireNonNull(tombstone.accountCrmId());
    String naturalId =
        s.mapping.naturalIdOf(tombstone.recordType(), tombstone.crmId(), accountCrmId);
    Optional<LicenseeRow> licensee = s.api.findLicenseeByNaturalId(naturalId);
    if (licensee.isEmpty()) {
      return Optional.empty();
    }
    LicenseeInfo info = LicenseeInfo.of(licensee.get(), false);
    switch (tombstone.recordType()) {
      case ACCOUNT:
        return planAccountRemoval(t, tombstone, info, naturalId);
      case CONTACT:
        return planContactRemoval(tombstone, info);
      default:
        return planOrderCancellation(t, tombstone, info);
    }
  }

  private Optional<PlannedRemoval> planAccountRemoval(
      Task t, CrmTombstone tombstone, LicenseeInfo licensee, String naturalId) {
    AccountRemoval policy = s.mapping.accountRemoval();
    List<String> targets = List.of(licensee.id());
    ActionType action = null;
    String what = "account " + tombstone.crmId() + " was deleted (licensee " + naturalId + ")";
    if (policy == AccountRemoval.REVOKE_LICENSES) {
      Instant end = tombstone.effectiveAt() != null ? tombstone.effectiveAt() : s.api.now();
      targets =
          licensesOf(t, licensee, CrmRecordType.ACCOUNT, tombstone.crmId()).stream()
              .filter(l -> l.activeAt(end))
              .map(ScaleLicense::id)
              .toList();
      if (targets.isEmpty()) {
        return Optional.empty();
      }
      action = ActionType.REVOKE_LICENSE;
      what =
          "revoke the "
              + targets.size()
              + " valid licenses of deleted account "
              + tombstone.crmId();
    } else if (policy == AccountRemoval.DELETE_LICENSEE) {
      action = ActionType.DELETE_LICENSEE;
      what = "delete the licensee of deleted account " + tombstone.crmId() + " (" + naturalId + ")";
    }
    return Optional.of(
        new PlannedRemoval(
            CrmRecordType.ACCOUNT,
            tombstone.crmId(),
            tombstone.crmId(),
            action,
            licensee.id(),
            licensee.type(),
            targets,
            tombstone.effectiveAt() != null ? tombstone.effectiveAt() : null,
            what));
  }

  private Optional<PlannedRemoval> planContactRemoval(
      CrmTombstone tombstone, LicenseeInfo licensee) {
    String ref = s.mapping.externalReferenceOf(tombstone.crmId());
    Optional<ConsumerRow> consumer = s.api.findConsumerByExternalReference(ref);
    if (consumer.isEmpty()) {
      return Optional.empty();
    }
    String consumerId = Objects.requireNonNull(consumer.get().id());
    if (!presentAccess(licensee).contains(consumerId)) {
      return Optional.empty();
    }
    ContactRemoval policy = s.mapping.contactRemoval();
    ActionType action =
        policy == ContactRemoval.LEAVE
            ? null
            : policy == ContactRemoval.DELETE_CONSUMER
                ? ActionType.DELETE_CONSUMER
                : ActionType.REVOKE_ACCESS;
    return Optional.of(
        new PlannedRemoval(
            CrmRecordType.CONTACT,
            tombstone.crmId(),
            Objects.requireNonNull(tombstone.accountCrmId()),
            action,
            licensee.id(),
            licensee.type(),
            List.of(consumerId),
            null,
            "revoke the access of contact "
                + tombstone.crmId()
                + " ("
                + tombstone.removal().name().toLowerCase(java.util.Locale.ROOT)
                + ") to account "
                + tombstone.accountCrmId()
                + "'s licenses"));
  }

  private Optional<PlannedRemoval> planOrderCancellation(
      Task t, CrmTombstone tombstone, LicenseeInfo licensee) {
    Set<String> refs = new LinkedHashSet<>();
    for (String lineId : tombstone.lineIds()) {
      refs.add(s.mapping.orderReferenceOf(tombstone.crmId(), lineId));
    }
    Optional<String> prefix =
        tombstone.lineIds().isEmpty()
            ? s.mapping.orderReferencePrefix(tombstone.crmId())
            : Optional.empty();
    if (tombstone.lineIds().isEmpty() && prefix.isEmpty()) {
      throw new InvalidCrmRecordException(
          CrmRecordType.ORDER,
          tombstone.crmId(),
          "lineIds",
          "are needed to cancel an order when the mapping has a custom orderReference function");
    }
    Instant end = tombstone.effectiveAt() != null ? tombstone.effectiveAt() : s.api.now();
    List<String> ids = new ArrayList<>();
    for (ScaleLicense l : licensesOf(t, licensee, CrmRecordType.ORDER, tombstone.crmId())) {
      String ref = l.orderReference();
      boolean ofOrder =
          ref != null && (refs.contains(ref) || prefix.map(ref::startsWith).orElse(false));
      if (ofOrder && l.activeAt(end)) {
        ids.add(l.id());
      }
    }
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PlannedRemoval(
            CrmRecordType.ORDER,
            tombstone.crmId(),
            Objects.requireNonNull(tombstone.accountCrmId()),
            s.mapping.orderCancellation() == OrderCancellation.REVOKE
                ? ActionType.REVOKE_LICENSE
                : null,
            licensee.id(),
            licensee.type(),
            ids,
            end,
            "revoke the " + ids.size() + " licenses of cancelled order " + tombstone.crmId()));
  }

  /**
   * Applies a planned removal. Idempotent: revoking twice or deleting the absent is fine, and a
   * licensee that is gone (deleted with its account in the same run) has nothing left to revoke.
   */
  Outcome applyRemoval(Task t, PlannedRemoval r) {
    try {
      return applyRemovalOrFail(t, r);
    } catch (ScaleHttpException e) {
      if (e.status() == 404) {
        LOG.info("Nothing left to remove for {} {}: {}", r.recordType(), r.crmId(), e.getMessage());
        return Outcome.UNCHANGED;
      }
      throw e;
    }
  }

  private Outcome applyRemovalOrFail(Task t, PlannedRemoval r) {
    ActionType action = r.action();
    if (action == null) {
      return Outcome.UNCHANGED;
    }
    switch (action) {
      case REVOKE_ACCESS:
      case DELETE_CONSUMER:
        s.api.revokeAccess(r.licenseeId(), r.targets());
        s.accessRevoked(r.licenseeId(), r.targets());
        t.action(
            ActionType.REVOKE_ACCESS, r.recordType(), r.crmId(), "consumers=" + r.targets().size());
        if (action == ActionType.DELETE_CONSUMER) {
          deleteConsumerIfUnused(t, r);
        }
        return Outcome.REMOVED;
      case REVOKE_LICENSE:
        Instant end = r.validUntil() != null ? r.validUntil() : s.api.now();
        for (int from = 0; from < r.targets().size(); from += ScaleApi.PAGE) {
          List<String> chunk =
              r.targets().subList(from, Math.min(r.targets().size(), from + ScaleApi.PAGE));
          s.api.revoke(r.licenseeId(), chunk, end);
          t.action(
              ActionType.REVOKE_LICENSE, r.recordType(), r.crmId(), "licenses=" + chunk.size());
        }
        return Outcome.REMOVED;
      case DELETE_LICENSEE:
        if (r.licenseeType() == CustomerType.B2C) {
          s.api.deleteUser(r.licenseeId());
        } else {
          s.api.deleteLicensee(r.licenseeId());
        }
        t.action(ActionType.DELETE_LICENSEE, r.recordType(), r.crmId(), "account=" + r.crmId());
        return Outcome.REMOVED;
      default:
        throw new IllegalStateException("Not a removal: " + action);
    }
  }

  private void deleteConsumerIfUnused(Task t, PlannedRemoval r) {
    String consumerId = r.targets().get(0);
    if (!s.api.consumerLicenseeIds(consumerId).isEmpty()) {
      LOG.info(
          "Not deleting the license consumer of contact {}: it still has access to another"
              + " licensee's licenses",
          r.crmId());
      return;
    }
    s.api.deleteConsumer(consumerId);
    t.action(ActionType.DELETE_CONSUMER, r.recordType(), r.crmId(), "contact=" + r.crmId());
  }

  // =============================================================================================
  // Shared

  /** The row a create made, or the one a re-read found, and whether this call created it. */
  record Created<T>(T row, boolean created) {}

  /**
   * Creates; resolves an ambiguous failure (5xx, timeout, reset, lost answer) by reading by key —
   * twice, with a pause — and only then creates once more; resolves a 409 by reading (a concurrent
   * writer created it: the row comes back as not created). A 409 with nothing under the key is
   * rethrown for the caller to explain.
   */
  private <T> Created<T> createResolving(
      Supplier<T> create, Supplier<Optional<T>> reread, String key) {
    try {
      return new Created<>(create.get(), true);
    } catch (ScaleException e) {
      if (conflict(e)) {
        Optional<T> existing = reread.get();
        if (existing.isPresent()) {
          return new Created<>(existing.get(), false);
        }
        throw e;
      }
      if (!ambiguous(e)) {
        throw e;
      }
      LOG.info(
          "Create of {} failed ambiguously ({}); reading it again before anything else",
          key,
          e.getClass().getSimpleName());
      Optional<T> landed = reread.get();
      if (landed.isEmpty()) {
        s.pause();
        landed = reread.get();
      }
      if (landed.isPresent()) {
        return new Created<>(landed.get(), true);
      }
      LOG.info("{} is not in Scale after two reads; creating it once more", key);
      try {
        return new Created<>(create.get(), true);
      } catch (ScaleException again) {
        again.addSuppressed(e);
        if (conflict(again)) {
          Optional<T> existing = reread.get();
          if (existing.isPresent()) {
            return new Created<>(existing.get(), true);
          }
        }
        throw again;
      }
    }
  }

  private static ScaleException vanished(String what, String key, CrmRecordType type) {
    return new ConcurrentChangeException(
        "The "
            + what
            + " "
            + key
            + " disappeared from Scale while it was being synced (the "
            + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " is retried by the next run)");
  }

  static boolean conflict(ScaleException e) {
    return e instanceof ScaleHttpException && ((ScaleHttpException) e).status() == 409;
  }

  /** Whether a failed create may nevertheless have been applied. */
  static boolean ambiguous(ScaleException e) {
    if (e instanceof ScaleConnectionException) {
      return ((ScaleConnectionException) e).requestSent();
    }
    if (e instanceof ScaleHttpException) {
      return ((ScaleHttpException) e).status() >= 500;
    }
    return false;
  }

  private static void diff(
      Set<String> changed, String field, @Nullable Object a, @Nullable Object b) {
    if (!Objects.equals(a, b)) {
      changed.add(field);
    }
  }
}
