package io.scalecrm.crm;

import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmContact;
import io.scalecrm.crm.spi.CrmOrder;
import io.scalecrm.crm.spi.CrmOrderLine;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.CustomerType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-compare-write logic behind every facade operation. Each operation looks up the Scale
 * entity by its CRM-derived key before it writes, writes only what differs, and resolves an
 * ambiguous write (a lost response, a 5xx, a 409 from a racing writer) by reading again, never by a
 * blind second create.
 *
 * <p>In dry-run mode every write is replaced by recording the action and returning what the write
 * would produce; planned entities get ids starting with {@value #PLANNED}, and reads below them are
 * skipped (a planned licensee has no consumers or licenses yet).
 *
 * <p>Thread-safe as long as the {@link ScaleApi} is; callers serialise work per licensee.
 */
final class Reconciler {
  static final String PLANNED = "planned:";
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final ScaleApi api;
  private final CrmMapping mapping;
  private final boolean reissueOnDrift;
  private final boolean dryRun;
  private final Consumer<SyncAction> actions;
  // Dry run only: the PERSON consumers that setup-user would create, by lower-case email, and the
  // consumers each planned licensee would give access to, so that the plan matches a real run.
  private final Map<String, ConsumerRow> plannedPersons =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Set<String>> plannedAccess =
      new java.util.concurrent.ConcurrentHashMap<>();

  Reconciler(
      ScaleApi api,
      CrmMapping mapping,
      boolean reissueOnDrift,
      boolean dryRun,
      Consumer<SyncAction> actions) {
    this.api = api;
    this.mapping = mapping;
    this.reissueOnDrift = reissueOnDrift;
    this.dryRun = dryRun;
    this.actions = actions;
  }

  static boolean planned(@Nullable String id) {
    return id != null && id.startsWith(PLANNED);
  }

  // ---- licensees ---------------------------------------------------------------------------

  UpsertResult<ScaleLicensee> upsertLicensee(CrmAccount account) {
    String naturalId = mapping.naturalId(account);
    Optional<LicenseeRow> found = api.findLicenseeByNaturalId(naturalId);
    if (found.isEmpty() && mapping.adoptLicenseeByEmail() && account.email() != null) {
      found = api.findLicenseeByEmail(account.email());
      if (found.isPresent()
          && found.get().naturalId() != null
          && !naturalId.equals(found.get().naturalId())) {
        throw new InvalidCrmRecordException(
            CrmRecordType.ACCOUNT,
            account.crmId(),
            "email",
            "belongs to the Scale licensee with natural id '"
                + found.get().naturalId()
                + "', which is another CRM record; not adopted");
      }
    }
    if (found.isPresent()) {
      return reconcile(account, found.get());
    }
    LicenseeRow draft = desired(account, null, naturalId);
    record(
        ActionType.CREATE_LICENSEE,
        CrmRecordType.ACCOUNT,
        account.crmId(),
        "naturalId=" + naturalId);
    if (dryRun) {
      LicenseeRow planned = draft.withId(PLANNED + naturalId);
      if (account.type() == CustomerType.B2C && account.email() != null) {
        ConsumerRow person =
            new ConsumerRow(
                PLANNED + "person:" + naturalId,
                account.name(),
                ConsumerKind.PERSON,
                null,
                null,
                null,
                account.email(),
                null,
                null,
                null,
                null);
        plannedPersons.put(account.email().toLowerCase(java.util.Locale.ROOT), person);
        plannedAccess.put(planned.id(), Set.of(person.id()));
      }
      return new UpsertResult.Created<>(planned.view(), planned.id());
    }
    LicenseeRow created;
    try {
      created =
          account.type() == CustomerType.B2C
              ? api.setupUser(draft, null)
              : api.setupOrganization(draft);
    } catch (ScaleException e) {
      if (!ambiguousOrConflict(e)) {
        throw e;
      }
      LOG.info(
          "Create of licensee {} failed ambiguously ({}); reading it again",
          naturalId,
          e.getClass().getSimpleName());
      Optional<LicenseeRow> again = api.findLicenseeByNaturalId(naturalId);
      if (again.isPresent()) {
        // Our write landed although its answer was lost, or a concurrent writer won the race.
        return conflict(e) ? reconcile(account, again.get()) : created(again.get());
      }
      if (conflict(e) && account.email() != null) {
        throw new InvalidCrmRecordException(
            CrmRecordType.ACCOUNT,
            account.crmId(),
            "email",
            "is already used by another licensee or license consumer in Scale");
      }
      throw e;
    }
    return created(created);
  }

  private static UpsertResult<ScaleLicensee> created(LicenseeRow row) {
    return new UpsertResult.Created<>(row.view(), Objects.requireNonNull(row.id()));
  }

  private UpsertResult<ScaleLicensee> reconcile(CrmAccount account, LicenseeRow existing) {
    LicenseeRow wanted = desired(account, existing, mapping.naturalId(account));
    Set<String> changed = new TreeSet<>();
    diff(changed, "name", existing.name(), wanted.name());
    diff(changed, "displayName", existing.displayName(), wanted.displayName());
    diff(changed, "email", existing.email(), wanted.email());
    diff(changed, "contactInfo", existing.contactInfo(), wanted.contactInfo());
    diff(changed, "naturalId", existing.naturalId(), wanted.naturalId());
    String id = Objects.requireNonNull(existing.id());
    if (existing.type() != account.type()) {
      LOG.warn(
          "Licensee {} is {} in Scale but the CRM account {} is {}; Scale cannot change a"
              + " licensee's type, so it is left as it is",
          id,
          existing.type(),
          account.crmId(),
          account.type());
    }
    if (changed.isEmpty()) {
      return new UpsertResult.Unchanged<>(existing.view(), id);
    }
    record(
        ActionType.UPDATE_LICENSEE,
        CrmRecordType.ACCOUNT,
        account.crmId(),
        "naturalId=" + wanted.naturalId() + " fields=" + changed);
    LicenseeRow updated = dryRun ? wanted : api.updateLicensee(wanted);
    return new UpsertResult.Updated<>(updated.view(), id, changed);
  }

  /** The licensee as the CRM says it should be, keeping the fields we do not map. */
  private LicenseeRow desired(CrmAccount a, @Nullable LicenseeRow existing, String naturalId) {
    Set<LicenseeField> copied = mapping.copiedFields();
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
      java.util.function.Function<LicenseeRow, @Nullable String> field) {
    if (copy) {
      return crmValue;
    }
    return existing == null ? null : field.apply(existing);
  }

  // ---- consumers ---------------------------------------------------------------------------

  UpsertResult<ScaleConsumer> upsertConsumer(CrmContact contact) {
    String ref = mapping.externalReference(contact);
    Optional<ConsumerRow> found = findConsumer(contact, ref);
    if (found.isPresent()) {
      return reconcile(contact, ref, found.get());
    }
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
    record(
        ActionType.CREATE_CONSUMER,
        CrmRecordType.CONTACT,
        contact.crmId(),
        "externalReference=" + ref);
    if (dryRun) {
      ConsumerRow planned = draft.withId(PLANNED + ref);
      return new UpsertResult.Created<>(planned.view(), planned.id());
    }
    ConsumerRow created;
    try {
      created = api.createConsumer(draft);
    } catch (ScaleException e) {
      if (!ambiguousOrConflict(e)) {
        throw e;
      }
      LOG.info(
          "Create of license consumer {} failed ambiguously ({}); reading it again",
          ref,
          e.getClass().getSimpleName());
      Optional<ConsumerRow> again = findConsumer(contact, ref);
      if (again.isPresent()) {
        return conflict(e)
            ? reconcile(contact, ref, again.get())
            : new UpsertResult.Created<>(
                again.get().view(), Objects.requireNonNull(again.get().id()));
      }
      if (conflict(e) && contact.email() != null) {
        throw new InvalidCrmRecordException(
            CrmRecordType.CONTACT,
            contact.crmId(),
            "email",
            "is already used by a licensee or another license consumer in Scale");
      }
      throw e;
    }
    return new UpsertResult.Created<>(created.view(), Objects.requireNonNull(created.id()));
  }

  /**
   * Finds the consumer by external reference, else by email; a consumer found by email is adopted
   * only when no other CRM record claims it (its external reference is empty or ours). This is how
   * the PERSON consumer that setup-user creates for a B2C account is adopted by the contact.
   */
  private Optional<ConsumerRow> findConsumer(CrmContact contact, String ref) {
    Optional<ConsumerRow> found = api.findConsumerByExternalReference(ref);
    if (found.isPresent() || contact.email() == null) {
      return found;
    }
    Optional<ConsumerRow> byEmail = api.findConsumerByEmail(contact.email());
    if (byEmail.isEmpty() && dryRun) {
      byEmail =
          Optional.ofNullable(
              plannedPersons.get(contact.email().toLowerCase(java.util.Locale.ROOT)));
    }
    if (byEmail.isPresent()
        && byEmail.get().externalReference() != null
        && !ref.equals(byEmail.get().externalReference())) {
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "email",
          "is the email of the Scale license consumer of another CRM record ('"
              + byEmail.get().externalReference()
              + "'); not adopted");
    }
    return byEmail;
  }

  private UpsertResult<ScaleConsumer> reconcile(
      CrmContact contact, String ref, ConsumerRow existing) {
    String id = Objects.requireNonNull(existing.id());
    if (existing.kind() == null) {
      throw new InvalidCrmRecordException(
          CrmRecordType.CONTACT,
          contact.crmId(),
          "externalReference",
          "matches a license-key consumer in Scale, which cannot be managed from a CRM contact");
    }
    ConsumerRow wanted =
        new ConsumerRow(
            id,
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
    if (changed.isEmpty()) {
      return new UpsertResult.Unchanged<>(existing.view(), id);
    }
    record(
        ActionType.UPDATE_CONSUMER,
        CrmRecordType.CONTACT,
        contact.crmId(),
        "externalReference=" + ref + " fields=" + changed);
    ConsumerRow updated = dryRun || planned(id) ? wanted : api.updateConsumer(wanted);
    return new UpsertResult.Updated<>(updated.view(), id, changed);
  }

  // ---- access ------------------------------------------------------------------------------

  AccessResult grantAccess(
      String licenseeId, List<String> consumerIds, CrmRecordType source, String sourceId) {
    return grantAccess(licenseeId, consumerIds, source, sourceId, null);
  }

  /**
   * Grants access to those of the consumers that lack it.
   *
   * @param knownPresent the consumers known to have access, when the caller knows (a licensee it
   *     has just created as an organization has none), saving the read; {@code null} to read
   */
  AccessResult grantAccess(
      String licenseeId,
      List<String> consumerIds,
      CrmRecordType source,
      String sourceId,
      @Nullable Set<String> knownPresent) {
    Set<String> wanted = new LinkedHashSet<>(consumerIds);
    Set<String> present;
    if (knownPresent != null) {
      present = knownPresent;
    } else if (planned(licenseeId)) {
      present = plannedAccess.getOrDefault(licenseeId, Set.of());
    } else {
      present = api.defaultContainerConsumerIds(licenseeId);
    }
    List<String> missing = new ArrayList<>();
    List<String> already = new ArrayList<>();
    for (String id : wanted) {
      (present.contains(id) ? already : missing).add(id);
    }
    if (missing.isEmpty()) {
      return new AccessResult(licenseeId, List.of(), already);
    }
    record(ActionType.GRANT_ACCESS, source, sourceId, "consumers=" + missing.size());
    if (!dryRun) {
      List<String> real = missing.stream().filter(id -> !planned(id)).toList();
      if (!real.isEmpty()) {
        api.grantAccess(licenseeId, real);
      }
    }
    return new AccessResult(licenseeId, missing, already);
  }

  // ---- licenses ----------------------------------------------------------------------------

  /** Licenses of a licensee by order reference; empty for a planned licensee. */
  Map<String, List<ScaleLicense>> licensesByReference(String licenseeId) {
    Map<String, List<ScaleLicense>> byRef = new HashMap<>();
    if (!planned(licenseeId)) {
      for (ScaleLicense l : api.licenses(licenseeId)) {
        if (l.orderReference() != null) {
          byRef.computeIfAbsent(l.orderReference(), k -> new ArrayList<>()).add(l);
        }
      }
    }
    return byRef;
  }

  /**
   * Issues the order's lines that have no license yet. {@code byRef} is the licensee's licenses by
   * order reference and is updated with what gets issued, so that several orders of one licensee
   * share one listing.
   */
  List<LineResult> issueLines(
      String licenseeId, CrmOrder order, Map<String, List<ScaleLicense>> byRef) {
    List<LineResult> results = new ArrayList<>();
    for (CrmOrderLine line : order.lines()) {
      String ref = mapping.orderReference(order, line);
      try {
        results.add(issueLine(licenseeId, order, line, ref, byRef));
      } catch (ScaleException e) {
        results.add(
            new LineResult(line.lineId(), ref, LineOutcome.FAILED, List.of(), e.getMessage(), e));
      }
    }
    for (InvalidCrmRecordException invalid : order.invalidLines()) {
      results.add(
          new LineResult(
              invalid.crmId(), "", LineOutcome.FAILED, List.of(), invalid.getMessage(), invalid));
    }
    return results;
  }

  private LineResult issueLine(
      String licenseeId,
      CrmOrder order,
      CrmOrderLine line,
      String ref,
      Map<String, List<ScaleLicense>> byRef) {
    UUID productConfigId =
        mapping
            .skus()
            .productConfigId(line.sku())
            .orElseThrow(
                () ->
                    new InvalidCrmRecordException(
                        CrmRecordType.ORDER_LINE,
                        line.lineId(),
                        "sku",
                        "'" + line.sku() + "' has no product configuration in the SKU table"));
    List<ScaleLicense> existing = byRef.getOrDefault(ref, List.of());
    Optional<ScaleLicense> match =
        existing.stream().filter(l -> matches(l, line, productConfigId)).findFirst();
    if (match.isPresent()) {
      return new LineResult(
          line.lineId(), ref, LineOutcome.UNCHANGED, List.of(match.get()), null, null);
    }
    if (existing.isEmpty()) {
      ScaleLicense issued = issue(licenseeId, order, line, ref, productConfigId, byRef);
      return new LineResult(line.lineId(), ref, LineOutcome.ISSUED, List.of(issued), null, null);
    }
    Instant now = api.now();
    List<ScaleLicense> active =
        existing.stream()
            .filter(l -> l.validUntil() == null || l.validUntil().isAfter(now))
            .toList();
    ScaleLicense current = active.isEmpty() ? latest(existing) : latest(active);
    String drift = describeDrift(current, line, productConfigId);
    if (!reissueOnDrift) {
      return new LineResult(
          line.lineId(), ref, LineOutcome.DRIFT, existing, drift + driftHint(), null);
    }
    if (!active.isEmpty()) {
      List<String> ids = active.stream().map(ScaleLicense::id).toList();
      record(
          ActionType.REVOKE_LICENSE,
          CrmRecordType.ORDER_LINE,
          line.lineId(),
          "orderReference=" + ref + " licenses=" + ids.size());
      if (!dryRun) {
        api.revoke(licenseeId, ids, now);
      }
    }
    ScaleLicense issued = issue(licenseeId, order, line, ref, productConfigId, byRef);
    List<ScaleLicense> all = new ArrayList<>();
    all.add(issued);
    all.addAll(existing);
    return new LineResult(line.lineId(), ref, LineOutcome.REISSUED, all, drift, null);
  }

  private static String driftHint() {
    return "; licenses are frozen once issued (turn on reissueOnDrift to revoke and issue anew)";
  }

  private static ScaleLicense latest(List<ScaleLicense> licenses) {
    return licenses.stream().max(Comparator.comparing(ScaleLicense::id)).orElseThrow();
  }

  private ScaleLicense issue(
      String licenseeId,
      CrmOrder order,
      CrmOrderLine line,
      String ref,
      UUID productConfigId,
      Map<String, List<ScaleLicense>> byRef) {
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
    record(
        ActionType.ISSUE_LICENSE,
        CrmRecordType.ORDER_LINE,
        line.lineId(),
        "orderReference=" + ref + " sku=" + line.sku() + " qty=" + line.quantity());
    ScaleLicense issued;
    if (dryRun) {
      issued =
          new ScaleLicense(
              PLANNED + ref,
              line.sku(),
              line.quantity(),
              line.validFrom(),
              line.validUntil(),
              ref,
              productConfigId.toString());
    } else {
      issued = grantResolvingAmbiguity(licenseeId, line, ref, productConfigId, request, byRef);
    }
    byRef.computeIfAbsent(ref, k -> new ArrayList<>()).add(issued);
    return issued;
  }

  private ScaleLicense grantResolvingAmbiguity(
      String licenseeId,
      CrmOrderLine line,
      String ref,
      UUID productConfigId,
      GrantRequest request,
      Map<String, List<ScaleLicense>> byRef) {
    try {
      List<ScaleLicense> issued = api.grant(licenseeId, request);
      if (issued.isEmpty()) {
        throw new ScaleException(
            "Scale answered the grant of order reference " + ref + " with no license", null, true);
      }
      return issued.get(0);
    } catch (ScaleException e) {
      if (!ambiguousOrConflict(e)) {
        throw e;
      }
      LOG.info(
          "Grant of {} failed ambiguously ({}); reading licenses again",
          ref,
          e.getClass().getSimpleName());
      Map<String, List<ScaleLicense>> again = licensesByReference(licenseeId);
      Optional<ScaleLicense> landed =
          again.getOrDefault(ref, List.of()).stream()
              .filter(l -> matches(l, line, productConfigId))
              .findFirst();
      if (landed.isPresent()) {
        byRef.putAll(again);
        return landed.get();
      }
      // Not visible: it may still be in flight. Never create blindly; the next run re-checks.
      throw e;
    }
  }

  /**
   * Repairs a race between writers in different processes: Scale has no uniqueness rule for order
   * references, so two syncs that both found no license may both issue one. Each writer keeps the
   * license with the smallest id among the active, matching ones and deletes the others, so all
   * writers converge on the same license.
   *
   * @return the order references for which a duplicate was removed
   */
  Set<String> removeDuplicates(String licenseeId, Set<String> issuedReferences) {
    if (dryRun || planned(licenseeId) || issuedReferences.isEmpty()) {
      return Set.of();
    }
    Set<String> repaired = new TreeSet<>();
    Instant now = api.now();
    Map<String, List<ScaleLicense>> byRef = licensesByReference(licenseeId);
    for (String ref : issuedReferences) {
      List<ScaleLicense> active =
          byRef.getOrDefault(ref, List.of()).stream()
              .filter(l -> l.validUntil() == null || l.validUntil().isAfter(now))
              .sorted(Comparator.comparing(ScaleLicense::id))
              .toList();
      for (ScaleLicense extra : active.subList(Math.min(1, active.size()), active.size())) {
        LOG.warn(
            "Removing duplicate license {} of order reference {} (a concurrent writer issued it too)",
            extra.id(),
            ref);
        api.deleteLicense(licenseeId, extra.id());
        repaired.add(ref);
      }
    }
    return repaired;
  }

  private static boolean matches(ScaleLicense l, CrmOrderLine line, UUID productConfigId) {
    return l.qty() == line.quantity()
        && (l.productConfigId() == null || l.productConfigId().equals(productConfigId.toString()))
        && sameSecond(l.validUntil(), line.validUntil())
        && (line.validFrom() == null || sameSecond(l.validFrom(), line.validFrom()));
  }

  private static boolean sameSecond(@Nullable Instant a, @Nullable Instant b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.truncatedTo(ChronoUnit.SECONDS).equals(b.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String describeDrift(ScaleLicense l, CrmOrderLine line, UUID productConfigId) {
    List<String> parts = new ArrayList<>();
    if (l.qty() != line.quantity()) {
      parts.add("quantity " + l.qty() + " in Scale, " + line.quantity() + " in the CRM");
    }
    if (!sameSecond(l.validUntil(), line.validUntil())) {
      parts.add("validUntil " + l.validUntil() + " in Scale, " + line.validUntil() + " in the CRM");
    }
    if (line.validFrom() != null && !sameSecond(l.validFrom(), line.validFrom())) {
      parts.add("validFrom " + l.validFrom() + " in Scale, " + line.validFrom() + " in the CRM");
    }
    if (l.productConfigId() != null && !l.productConfigId().equals(productConfigId.toString())) {
      parts.add("product configuration differs (SKU " + line.sku() + ")");
    }
    return "license " + l.id() + " drifted: " + String.join(", ", parts);
  }

  /** The field a drift is about, for the report. */
  static String driftField(String message) {
    if (message.contains("quantity")) {
      return "quantity";
    }
    if (message.contains("validUntil")) {
      return "validUntil";
    }
    if (message.contains("validFrom")) {
      return "validFrom";
    }
    return "sku";
  }

  // ---- shared ------------------------------------------------------------------------------

  private void record(ActionType type, CrmRecordType recordType, String crmId, String detail) {
    actions.accept(new SyncAction(type, recordType, crmId, detail));
  }

  private static void diff(
      Set<String> changed, String field, @Nullable Object a, @Nullable Object b) {
    if (!Objects.equals(a, b)) {
      changed.add(field);
    }
  }

  private static boolean conflict(ScaleException e) {
    return e instanceof ScaleHttpException && ((ScaleHttpException) e).status() == 409;
  }

  /**
   * Whether a failed write may nevertheless have been applied (the answer was lost, or a gateway
   * gave up), or failed because a concurrent writer created the same entity: both are resolved by
   * reading again.
   */
  static boolean ambiguousOrConflict(ScaleException e) {
    if (e instanceof ScaleConnectionException) {
      return ((ScaleConnectionException) e).requestSent();
    }
    if (e instanceof ScaleHttpException) {
      int status = ((ScaleHttpException) e).status();
      return status == 409 || status >= 500;
    }
    return false;
  }
}
