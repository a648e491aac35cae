package io.scalecrm.crm;

import io.scalecrm.crm.spi.ConsumerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The dry-run decorator of the Scale port: reads go to Scale, writes are answered as Scale would
 * answer them without being sent, and later reads see them. Planned entities get ids starting with
 * {@value #PLANNED}, so nothing is ever read from Scale below them. A dry run is therefore the same
 * steps as a real run, and its plan (the actions) matches the real run's.
 */
final class PlanningScaleApi implements ScaleApi {
  static final String PLANNED = "planned:";

  private final ScaleApi real;
  private final Map<String, LicenseeRow> licenseesById = new ConcurrentHashMap<>();
  private final Map<String, LicenseeRow> licenseesByNaturalId = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRow> consumersById = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRow> consumersByRef = new ConcurrentHashMap<>();
  private final Map<String, ConsumerRow> consumersByEmail = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> access = new ConcurrentHashMap<>();
  private final Map<String, List<ScaleLicense>> licenses = new ConcurrentHashMap<>();

  PlanningScaleApi(ScaleApi real) {
    this.real = real;
  }

  static boolean planned(@Nullable String id) {
    return id != null && id.startsWith(PLANNED);
  }

  private static String lower(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  // ---- licensees

  @Override
  public Optional<LicenseeRow> findLicenseeByNaturalId(String naturalId) {
    LicenseeRow p = licenseesByNaturalId.get(naturalId);
    return p != null ? Optional.of(p) : real.findLicenseeByNaturalId(naturalId);
  }

  @Override
  public Optional<LicenseeRow> findLicenseeByEmail(String email) {
    for (LicenseeRow p : licenseesById.values()) {
      if (p.email() != null && p.email().equalsIgnoreCase(email)) {
        return Optional.of(p);
      }
    }
    return real.findLicenseeByEmail(email);
  }

  @Override
  public Optional<LicenseeRow> getLicensee(String licenseeId) {
    LicenseeRow p = licenseesById.get(licenseeId);
    if (p != null || planned(licenseeId)) {
      return Optional.ofNullable(p);
    }
    return real.getLicensee(licenseeId);
  }

  @Override
  public List<LicenseeRow> listLicensees(int offset, int limit) {
    return real.listLicensees(offset, limit);
  }

  @Override
  public LicenseeRow setupOrganization(LicenseeRow draft) {
    return plan(draft);
  }

  @Override
  public LicenseeRow setupUser(LicenseeRow draft, @Nullable String connectedIdentityId) {
    LicenseeRow licensee = plan(draft);
    if (draft.email() != null) {
      // setup-user also creates the person's consumer with access to the default container
      ConsumerRow person =
          new ConsumerRow(
              PLANNED + "person:" + draft.naturalId(),
              draft.name(),
              ConsumerKind.PERSON,
              null,
              null,
              null,
              draft.email(),
              null,
              connectedIdentityId,
              null,
              null);
      remember(person);
      access.computeIfAbsent(licensee.id(), k -> ConcurrentHashMap.newKeySet()).add(person.id());
    }
    return licensee;
  }

  private LicenseeRow plan(LicenseeRow draft) {
    LicenseeRow row = draft.withId(PLANNED + draft.naturalId());
    remember(row);
    return row;
  }

  private void remember(LicenseeRow row) {
    licenseesById.put(row.id(), row);
    if (row.naturalId() != null) {
      licenseesByNaturalId.put(row.naturalId(), row);
    }
  }

  @Override
  public LicenseeRow updateLicensee(LicenseeRow row) {
    remember(row);
    return row;
  }

  @Override
  public void deleteLicensee(String licenseeId) {}

  @Override
  public void deleteUser(String licenseeId) {}

  // ---- consumers

  @Override
  public Optional<ConsumerRow> findConsumerByExternalReference(String externalReference) {
    ConsumerRow p = consumersByRef.get(externalReference);
    return p != null ? Optional.of(p) : real.findConsumerByExternalReference(externalReference);
  }

  @Override
  public Optional<ConsumerRow> findConsumerByEmail(String email) {
    ConsumerRow p = consumersByEmail.get(lower(email));
    return p != null ? Optional.of(p) : real.findConsumerByEmail(email);
  }

  @Override
  public List<ConsumerRow> listConsumers(int offset, int limit) {
    return real.listConsumers(offset, limit);
  }

  @Override
  public ConsumerRow createConsumer(ConsumerRow draft) {
    ConsumerRow row = draft.withId(PLANNED + draft.externalReference());
    remember(row);
    return row;
  }

  @Override
  public ConsumerRow updateConsumer(ConsumerRow row) {
    remember(row);
    return row;
  }

  private void remember(ConsumerRow row) {
    consumersById.put(row.id(), row);
    if (row.externalReference() != null) {
      consumersByRef.put(row.externalReference(), row);
    }
    if (row.email() != null) {
      consumersByEmail.put(lower(row.email()), row);
    }
  }

  @Override
  public void deleteConsumer(String consumerId) {}

  @Override
  public Set<String> consumerLicenseeIds(String consumerId) {
    return planned(consumerId) ? Set.of() : real.consumerLicenseeIds(consumerId);
  }

  // ---- access

  @Override
  public Set<String> defaultContainerConsumerIds(String licenseeId) {
    Set<String> ids = new LinkedHashSet<>();
    if (!planned(licenseeId)) {
      ids.addAll(real.defaultContainerConsumerIds(licenseeId));
    }
    ids.addAll(access.getOrDefault(licenseeId, Set.of()));
    return ids;
  }

  @Override
  public void grantAccess(String licenseeId, List<String> consumerIds) {
    access.computeIfAbsent(licenseeId, k -> ConcurrentHashMap.newKeySet()).addAll(consumerIds);
  }

  @Override
  public void revokeAccess(String licenseeId, List<String> consumerIds) {
    access.getOrDefault(licenseeId, new HashSet<>()).removeAll(consumerIds);
  }

  // ---- licenses

  @Override
  public List<ScaleLicense> licenses(String licenseeId) {
    List<ScaleLicense> all = new ArrayList<>();
    if (!planned(licenseeId)) {
      all.addAll(real.licenses(licenseeId));
    }
    all.addAll(licenses.getOrDefault(licenseeId, List.of()));
    return all;
  }

  @Override
  public List<ScaleLicense> grant(String licenseeId, GrantRequest r) {
    ScaleLicense planned =
        new ScaleLicense(
            PLANNED + r.orderReference() + ":" + UUID.randomUUID(),
            r.productReference() == null ? "" : r.productReference(),
            r.qty(),
            r.validFrom(),
            r.validUntil(),
            r.orderReference(),
            r.productConfigId().toString(),
            Instant.MAX);
    licenses
        .computeIfAbsent(licenseeId, k -> Collections.synchronizedList(new ArrayList<>()))
        .add(planned);
    return List.of(planned);
  }

  @Override
  public List<ScaleLicense> revoke(String licenseeId, List<String> licenseIds, Instant validUntil) {
    return List.of();
  }

  @Override
  public List<ScaleLicense> editValidity(
      String licenseeId,
      List<String> licenseIds,
      @Nullable Instant validFrom,
      @Nullable Instant validUntil) {
    return List.of();
  }

  @Override
  public void deleteLicense(String licenseeId, String licenseId) {}

  // ---- the rest reads

  @Override
  public Map<UUID, @Nullable String> productConfigurations() {
    return real.productConfigurations();
  }

  @Override
  public void verify() {
    real.verify();
  }

  @Override
  public Instant now() {
    return real.now();
  }
}
