package io.scalecrm.crm;

import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleCall;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.client.model.EditLicenseValidityRequest;
import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.LicenseMetadata;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.LicenseeType;
import io.scalecrm.client.model.RevokeAccessRequest;
import io.scalecrm.client.model.RevokeLicensesRequest;
import io.scalecrm.client.model.SetupUserRequest;
import io.scalecrm.crm.spi.ConsumerKind;
import io.scalecrm.crm.spi.CustomerType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link ScaleApi} over the generated client, through a {@link ScaleConnection}: the one class that
 * knows the generated types and the operations' idempotency.
 */
final class GeneratedScaleApi implements ScaleApi {
  private final ScaleConnection connection;

  GeneratedScaleApi(ScaleConnection connection) {
    this.connection = connection;
  }

  // ---- licensees ---------------------------------------------------------------------------

  @Override
  public Optional<LicenseeRow> findLicenseeByNaturalId(String naturalId) {
    return find(
            "findLicenseeByNaturalId",
            () -> connection.licensees().findLicenseeByNaturalId(naturalId))
        .map(GeneratedScaleApi::row);
  }

  @Override
  public Optional<LicenseeRow> findLicenseeByEmail(String email) {
    return find("findLicenseeByEmail", () -> connection.licensees().findLicenseeByEmail(email))
        .map(GeneratedScaleApi::row);
  }

  @Override
  public Optional<LicenseeRow> getLicensee(String licenseeId) {
    UUID id = uuid(licenseeId);
    return find("getLicensee", () -> connection.licensees().getLicensee(id))
        .map(GeneratedScaleApi::row);
  }

  @Override
  public List<LicenseeRow> listLicensees(int offset, int limit) {
    List<Licensee> page =
        connection.call(
            "listLicensees",
            Idempotency.IDEMPOTENT,
            () -> connection.licensees().listLicensees(offset, limit, "created", true));
    List<LicenseeRow> rows = new ArrayList<>(page.size());
    page.forEach(l -> rows.add(row(l)));
    return rows;
  }

  @Override
  public LicenseeRow setupOrganization(LicenseeRow draft) {
    Licensee body = model(draft);
    return row(
        connection.call(
            "setupOrganization",
            Idempotency.NON_IDEMPOTENT,
            () -> connection.licensees().setupOrganization(body)));
  }

  @Override
  public LicenseeRow setupUser(LicenseeRow draft, @Nullable String connectedIdentityId) {
    SetupUserRequest body =
        new SetupUserRequest()
            .name(draft.name())
            .displayName(draft.displayName())
            .description(draft.description())
            .email(draft.email())
            .contactInfo(draft.contactInfo())
            .naturalId(draft.naturalId())
            .externalReference(draft.externalReference())
            .type(LicenseeType.PERSON)
            .connectedIdentityId(connectedIdentityId);
    return row(
        connection.call(
            "setupUser", Idempotency.NON_IDEMPOTENT, () -> connection.licensees().setupUser(body)));
  }

  @Override
  public LicenseeRow updateLicensee(LicenseeRow row) {
    UUID id = uuid(row.id());
    Licensee body = model(row);
    return row(
        connection.call(
            "updateLicensee",
            Idempotency.IDEMPOTENT,
            () -> connection.licensees().updateLicensee(id, body)));
  }

  @Override
  public void deleteLicensee(String licenseeId) {
    UUID id = uuid(licenseeId);
    absentIsFine(
        "deleteLicensee",
        () -> {
          connection.licensees().deleteLicensee(id);
          return null;
        });
  }

  @Override
  public void deleteUser(String licenseeId) {
    UUID id = uuid(licenseeId);
    absentIsFine(
        "deleteUser",
        () -> {
          connection.licensees().deleteUser(id);
          return null;
        });
  }

  // ---- consumers ---------------------------------------------------------------------------

  @Override
  public Optional<ConsumerRow> findConsumerByExternalReference(String externalReference) {
    return find(
            "findLicenseConsumerByExternalReference",
            () ->
                connection
                    .licenseConsumers()
                    .findLicenseConsumerByExternalReference(externalReference))
        .map(GeneratedScaleApi::row);
  }

  @Override
  public Optional<ConsumerRow> findConsumerByEmail(String email) {
    return find(
            "findLicenseConsumerByEmail",
            () -> connection.licenseConsumers().findLicenseConsumerByEmail(email))
        .map(GeneratedScaleApi::row);
  }

  @Override
  public List<ConsumerRow> listConsumers(int offset, int limit) {
    List<LicenseConsumer> page =
        connection.call(
            "listLicenseConsumers",
            Idempotency.IDEMPOTENT,
            () ->
                connection.licenseConsumers().listLicenseConsumers(offset, limit, "created", true));
    List<ConsumerRow> rows = new ArrayList<>(page.size());
    page.forEach(c -> rows.add(row(c)));
    return rows;
  }

  @Override
  public ConsumerRow createConsumer(ConsumerRow draft) {
    LicenseConsumer body = model(draft);
    return row(
        connection.call(
            "createLicenseConsumer",
            Idempotency.NON_IDEMPOTENT,
            () -> connection.licenseConsumers().createLicenseConsumer(body)));
  }

  @Override
  public ConsumerRow updateConsumer(ConsumerRow row) {
    UUID id = uuid(row.id());
    LicenseConsumer body = model(row);
    return row(
        connection.call(
            "updateLicenseConsumer",
            Idempotency.IDEMPOTENT,
            () -> connection.licenseConsumers().updateLicenseConsumer(id, body)));
  }

  @Override
  public void deleteConsumer(String consumerId) {
    UUID id = uuid(consumerId);
    absentIsFine(
        "deleteLicenseConsumer",
        () -> {
          connection.licenseConsumers().deleteLicenseConsumer(id);
          return null;
        });
  }

  @Override
  public Set<String> consumerLicenseeIds(String consumerId) {
    UUID id = uuid(consumerId);
    List<Licensee> licensees =
        connection.call(
            "describeLicenseConsumerLicensees",
            Idempotency.IDEMPOTENT,
            () -> connection.licensees().describeLicenseConsumerLicensees(id));
    Set<String> ids = new LinkedHashSet<>();
    licensees.forEach(l -> ids.add(String.valueOf(l.getId())));
    return ids;
  }

  // ---- access ------------------------------------------------------------------------------

  @Override
  public Set<String> defaultContainerConsumerIds(String licenseeId) {
    UUID id = uuid(licenseeId);
    Set<String> ids = new LinkedHashSet<>();
    pages(
        "listDefaultContainerLicenseConsumers",
        offset ->
            connection
                .licenseContainers()
                .listDefaultContainerLicenseConsumers(id, offset, PAGE, "created", true),
        c -> String.valueOf(c.getId()),
        c -> ids.add(String.valueOf(c.getId())));
    return ids;
  }

  @Override
  public void grantAccess(String licenseeId, List<String> consumerIds) {
    UUID id = uuid(licenseeId);
    List<UUID> consumers = uuids(consumerIds);
    // Access is a set: granting it twice has the same effect as once, so retrying is safe.
    connection.call(
        "grantAccessToDefaultContainer",
        Idempotency.IDEMPOTENT,
        () -> {
          connection
              .licenseContainers()
              .grantAccessToDefaultContainer(
                  id, new GrantAccessRequest().licenseConsumerIds(consumers));
          return null;
        });
  }

  @Override
  public void revokeAccess(String licenseeId, List<String> consumerIds) {
    UUID id = uuid(licenseeId);
    List<UUID> consumers = uuids(consumerIds);
    // Revoking absent access changes nothing, so retrying is safe.
    connection.call(
        "revokeAccessToDefaultContainer",
        Idempotency.IDEMPOTENT,
        () -> {
          connection
              .licenseContainers()
              .revokeAccessToDefaultContainer(
                  id, new RevokeAccessRequest().licenseConsumerIds(consumers));
          return null;
        });
  }

  // ---- licenses ----------------------------------------------------------------------------

  @Override
  public List<ScaleLicense> licenses(String licenseeId) {
    UUID id = uuid(licenseeId);
    List<ScaleLicense> all = new ArrayList<>();
    pages(
        "listLicenses",
        offset -> connection.licenses().listLicenses(id, true, offset, PAGE, "created", true),
        l -> String.valueOf(l.getId()),
        l -> all.add(license(l, null)));
    return all;
  }

  @Override
  public List<ScaleLicense> grant(String licenseeId, GrantRequest r) {
    UUID id = uuid(licenseeId);
    GrantByProductConfigRequest body =
        new GrantByProductConfigRequest()
            .productConfigId(r.productConfigId())
            .qty(r.qty())
            .validFrom(time(r.validFrom()))
            .validUntil(time(r.validUntil()))
            .orderReference(r.orderReference())
            .productReference(r.productReference())
            .subscriptionReference(r.subscriptionReference())
            .contractReference(r.contractReference());
    List<License> issued =
        connection.call(
            "grantLicensesByProductConfig",
            Idempotency.NON_IDEMPOTENT,
            () -> connection.licenses().grantLicensesByProductConfig(id, body));
    List<ScaleLicense> out = new ArrayList<>();
    // The grant answer carries no metadata; we know the references we sent.
    issued.forEach(l -> out.add(license(l, r)));
    return out;
  }

  @Override
  public List<ScaleLicense> revoke(String licenseeId, List<String> licenseIds, Instant validUntil) {
    UUID id = uuid(licenseeId);
    RevokeLicensesRequest body =
        new RevokeLicensesRequest().licenseIds(uuids(licenseIds)).validUntil(time(validUntil));
    List<License> revoked =
        connection.call(
            "revokeLicenses",
            Idempotency.IDEMPOTENT,
            () -> connection.licenses().revokeLicenses(id, body));
    List<ScaleLicense> out = new ArrayList<>();
    revoked.forEach(l -> out.add(license(l, null)));
    return out;
  }

  @Override
  public List<ScaleLicense> editValidity(
      String licenseeId,
      List<String> licenseIds,
      @Nullable Instant validFrom,
      @Nullable Instant validUntil) {
    UUID id = uuid(licenseeId);
    EditLicenseValidityRequest body =
        new EditLicenseValidityRequest()
            .licenseIds(uuids(licenseIds))
            .validFrom(time(validFrom))
            .validUntil(time(validUntil));
    List<License> edited =
        connection.call(
            "editLicenseValidity",
            Idempotency.IDEMPOTENT,
            () -> connection.licenses().editLicenseValidity(id, body));
    List<ScaleLicense> out = new ArrayList<>();
    edited.forEach(l -> out.add(license(l, null)));
    return out;
  }

  @Override
  public void deleteLicense(String licenseeId, String licenseId) {
    UUID id = uuid(licenseeId);
    UUID license = uuid(licenseId);
    absentIsFine(
        "deleteLicense",
        () -> {
          connection.licenses().deleteLicense(id, license);
          return null;
        });
  }

  // ---- products and setup ------------------------------------------------------------------

  @Override
  public Map<UUID, @Nullable String> productConfigurations() {
    Map<UUID, @Nullable String> configurations = new LinkedHashMap<>();
    pages(
        "listProducts",
        offset -> connection.products().listProducts(offset, PAGE, "created", true),
        p -> String.valueOf(p.getId()),
        p -> {
          if (p.getConfigurations() != null) {
            p.getConfigurations()
                .forEach(c -> configurations.put(c.getId(), str(c.getQtyDimension())));
          }
        });
    return configurations;
  }

  @Override
  public void verify() {
    connection.verify();
  }

  @Override
  public Instant now() {
    return connection.clock().instant();
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private <T> Optional<T> find(String operation, ScaleCall<T> call) {
    try {
      return Optional.ofNullable(connection.call(operation, Idempotency.IDEMPOTENT, call));
    } catch (ScaleHttpException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void absentIsFine(String operation, ScaleCall<Void> call) {
    try {
      connection.call(operation, Idempotency.IDEMPOTENT, call);
    } catch (ScaleHttpException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /**
   * Reads every page of a list, {@link #PAGE} at a time, until a short page. A page whose first
   * item was already seen means Scale ignored the paging headers: that is an error, never a loop.
   */
  private <T> void pages(
      String operation,
      ScaleCallPage<T> page,
      Function<T, String> idOf,
      java.util.function.Consumer<T> sink) {
    Set<String> firsts = new HashSet<>();
    for (int offset = 0; ; offset += PAGE) {
      int from = offset;
      List<T> items = connection.call(operation, Idempotency.IDEMPOTENT, () -> page.read(from));
      if (!items.isEmpty() && !firsts.add(idOf.apply(items.get(0)))) {
        throw new ScaleException(
            "Scale answered "
                + operation
                + " at offset "
                + from
                + " with a page it had already sent: it seems to ignore the offset paging header;"
                + " stopped instead of reading forever",
            null,
            false);
      }
      items.forEach(sink);
      if (items.size() < PAGE) {
        return;
      }
    }
  }

  /** One page of a paged list call. */
  @FunctionalInterface
  private interface ScaleCallPage<T> {
    List<T> read(int offset) throws io.scalecrm.client.invoker.ApiException;
  }

  static List<UUID> uuids(List<String> ids) {
    List<UUID> out = new ArrayList<>(ids.size());
    ids.forEach(i -> out.add(uuid(i)));
    return out;
  }

  private static UUID uuid(@Nullable String id) {
    if (id == null) {
      throw new IllegalStateException("A Scale id is missing");
    }
    return UUID.fromString(id);
  }

  static @Nullable OffsetDateTime time(@Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static @Nullable String str(@Nullable Object o) {
    return o == null ? null : o.toString();
  }

  static LicenseeRow row(Licensee l) {
    CustomerType type = l.getType() == LicenseeType.PERSON ? CustomerType.B2C : CustomerType.B2B;
    return new LicenseeRow(
        str(l.getId()),
        l.getName(),
        l.getDisplayName(),
        l.getDescription(),
        l.getEmail(),
        l.getContactInfo(),
        l.getNaturalId(),
        l.getExternalReference(),
        type);
  }

  private static Licensee model(LicenseeRow r) {
    return new Licensee()
        .name(r.name())
        .displayName(r.displayName())
        .description(r.description())
        .email(r.email())
        .contactInfo(r.contactInfo())
        .naturalId(r.naturalId())
        .externalReference(r.externalReference())
        .type(r.type() == CustomerType.B2C ? LicenseeType.PERSON : LicenseeType.ORGANIZATION);
  }

  static ConsumerRow row(LicenseConsumer c) {
    ConsumerKind kind = null;
    if (c.getType() == LicenseConsumerType.PERSON) {
      kind = ConsumerKind.PERSON;
    } else if (c.getType() == LicenseConsumerType.DEVICE) {
      kind = ConsumerKind.DEVICE;
    }
    return new ConsumerRow(
        str(c.getId()),
        c.getName(),
        kind,
        c.getDisplayName(),
        c.getDisplayLabel(),
        c.getDescription(),
        c.getEmail(),
        c.getContactInfo(),
        c.getConnectedIdentityId(),
        c.getExternalReference(),
        c.getNaturalId());
  }

  private static LicenseConsumer model(ConsumerRow r) {
    if (r.kind() == null) {
      throw new IllegalStateException("License-key consumers are never written by the SDK");
    }
    return new LicenseConsumer()
        .name(r.name())
        .type(
            r.kind() == ConsumerKind.DEVICE
                ? LicenseConsumerType.DEVICE
                : LicenseConsumerType.PERSON)
        .displayName(r.displayName())
        .displayLabel(r.displayLabel())
        .description(r.description())
        .email(r.email())
        .contactInfo(r.contactInfo())
        .connectedIdentityId(r.connectedIdentityId())
        .externalReference(r.externalReference())
        .naturalId(r.naturalId());
  }

  /**
   * A license as the facade sees it; {@code sent} supplies the references of a grant answer, which
   * carries no metadata.
   */
  static ScaleLicense license(License l, @Nullable GrantRequest sent) {
    LicenseMetadata m = l.getLicenseMetadata();
    String orderReference = m == null ? null : m.getOrderReference();
    String productConfigId =
        m == null || m.getProductConfigInfo() == null
            ? null
            : str(m.getProductConfigInfo().getProductConfigId());
    if (sent != null) {
      orderReference = sent.orderReference();
      productConfigId = sent.productConfigId().toString();
    }
    return new ScaleLicense(
        String.valueOf(l.getId()),
        l.getProductName(),
        l.getQty() == null ? 0 : l.getQty(),
        instant(l.getValidFrom()),
        instant(l.getValidUntil()),
        orderReference,
        productConfigId,
        instant(l.getCreated()));
  }
}
