package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.EditLicenseValidityRequest;
import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.LicenseContainer;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.Product;
import io.scalecrm.client.model.RevokeAccessRequest;
import io.scalecrm.client.model.SetupUserRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox's semantics of the lifecycle operations (issue 12): deletes cascade, B2C licensees go
 * with delete-user, containers keep one default, revoking access is idempotent, edit-validity
 * changes validity only. Driven through the generated client.
 */
class SandboxLifecycleTest {

  static final SandboxProduct PRO = SandboxProduct.of("pro-annual", "Pro", "export", "sso");
  static final SandboxProduct PRO_MONTHLY = SandboxProduct.of("pro-monthly", "Pro", "export");
  static final SandboxProduct API =
      SandboxProduct.of("api-calls", "API").withQtyDimension("USE_COUNT");

  @RegisterExtension
  static ScaleSandboxExtension ext = new ScaleSandboxExtension().seed(PRO, PRO_MONTHLY, API);

  ScaleSandbox sandbox;
  Clients api;

  @BeforeEach
  void setUp(ScaleSandbox s) {
    sandbox = s;
    api = Clients.of(s);
  }

  private Licensee org(String name) throws ApiException {
    return api.licensees.setupOrganization(new Licensee().name(name).naturalId("crm:" + name));
  }

  private Licensee person(String name, String email) throws ApiException {
    SetupUserRequest r = new SetupUserRequest();
    r.setName(name);
    r.setEmail(email);
    r.setNaturalId("crm:" + name);
    return api.licensees.setupUser(r);
  }

  private LicenseConsumer consumer(String name, String email) throws ApiException {
    return api.consumers.createLicenseConsumer(
        new LicenseConsumer().name(name).type(LicenseConsumerType.PERSON).email(email));
  }

  private License grant(UUID licensee, UUID container, String order) throws ApiException {
    GrantByProductConfigRequest r =
        new GrantByProductConfigRequest()
            .productConfigId(PRO.productConfigId())
            .qty(3)
            .licenseContainerId(container)
            .orderReference(order)
            .validFrom(OffsetDateTime.parse("2026-01-01T00:00:00Z"))
            .validUntil(OffsetDateTime.parse("2027-01-01T00:00:00Z"));
    return api.licenses.grantLicensesByProductConfig(licensee, r).get(0);
  }

  private UUID defaultContainer(UUID licensee) throws ApiException {
    return api.containers.listLicenseContainers(licensee, null, null, null, null).stream()
        .filter(c -> Boolean.TRUE.equals(c.getUsedAsDefault()))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  private static int status(ThrowingRunnable call) {
    ApiException e = catchThrowableOfType(ApiException.class, call::run);
    assertThat(e).as("an error answer").isNotNull();
    return e.getCode();
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void deletingAnOrganizationCascadesToItsContainersLicensesAndGrantsButKeepsConsumers()
      throws Exception {
    Licensee acme = org("Acme");
    Licensee other = org("Other");
    UUID def = defaultContainer(acme.getId());
    LicenseContainer team =
        api.containers.createLicenseContainer(acme.getId(), new LicenseContainer().name("Team"));
    LicenseConsumer anna = consumer("Anna", "anna@acme.example");
    api.containers.grantAccessToDefaultContainer(
        acme.getId(), new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));
    api.containers.grantAccessToLicenseContainer(
        acme.getId(),
        team.getId(),
        new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));
    api.containers.grantAccessToDefaultContainer(
        other.getId(), new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));
    grant(acme.getId(), def, "o-1");
    grant(acme.getId(), team.getId(), "o-2");
    License kept = grant(other.getId(), defaultContainer(other.getId()), "o-3");

    api.licensees.deleteLicensee(acme.getId());

    SandboxSnapshot s = sandbox.snapshot();
    assertThat(s.licensees())
        .extracting(SandboxSnapshot.SnapLicensee::id)
        .containsExactly(other.getId());
    assertThat(s.containers()).allMatch(c -> c.licenseeId().equals(other.getId()));
    assertThat(s.licenses())
        .extracting(SandboxSnapshot.SnapLicense::id)
        .containsExactly(kept.getId());
    assertThat(s.grants()).allMatch(g -> g.licenseeId().equals(other.getId())).hasSize(1);
    assertThat(s.consumers()).extracting(SandboxSnapshot.SnapConsumer::id).contains(anna.getId());
  }

  @Test
  void aPersonIsDeletedWithDeleteUserTogetherWithItsPersonConsumerOnly() throws Exception {
    Licensee zoe = person("Zoë", "Zoe@Example.co.uk");
    Licensee acme = org("Acme");
    LicenseConsumer colleague = consumer("Colleague", "colleague@example.co.uk");
    api.containers.grantAccessToDefaultContainer(
        zoe.getId(), new GrantAccessRequest().addLicenseConsumerIdsItem(colleague.getId()));
    grant(zoe.getId(), defaultContainer(zoe.getId()), "o-1");
    assertThat(sandbox.snapshot().consumers()).hasSize(2);

    // the wrong operation for each kind of customer
    assertThat(status(() -> api.licensees.deleteLicensee(zoe.getId()))).isEqualTo(400);
    assertThat(status(() -> api.licensees.deleteUser(acme.getId()))).isEqualTo(400);
    assertThat(sandbox.snapshot().licensees()).hasSize(2);

    api.licensees.deleteUser(zoe.getId());

    SandboxSnapshot s = sandbox.snapshot();
    assertThat(s.licensees())
        .extracting(SandboxSnapshot.SnapLicensee::id)
        .containsExactly(acme.getId());
    assertThat(s.consumers())
        .extracting(SandboxSnapshot.SnapConsumer::id)
        .containsExactly(colleague.getId());
    assertThat(s.licenses()).isEmpty();
    assertThat(s.grants()).isEmpty();
    assertThat(s.containers()).allMatch(c -> c.licenseeId().equals(acme.getId()));
    assertThat(status(() -> api.licensees.deleteUser(zoe.getId()))).isEqualTo(404);
  }

  @Test
  void deletingAContainerDeletesItsLicensesAndAccessButNeverTheDefault() throws Exception {
    Licensee acme = org("Acme");
    UUID def = defaultContainer(acme.getId());
    LicenseContainer team =
        api.containers.createLicenseContainer(acme.getId(), new LicenseContainer().name("Team"));
    LicenseConsumer anna = consumer("Anna", "anna@acme.example");
    api.containers.grantAccessToDefaultContainer(
        acme.getId(), new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));
    api.containers.grantAccessToLicenseContainer(
        acme.getId(),
        team.getId(),
        new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));
    License inDefault = grant(acme.getId(), def, "o-1");
    grant(acme.getId(), team.getId(), "o-2");

    assertThat(status(() -> api.containers.deleteLicenseContainer(acme.getId(), def)))
        .isEqualTo(400);
    api.containers.deleteLicenseContainer(acme.getId(), team.getId());

    SandboxSnapshot s = sandbox.snapshot();
    assertThat(s.containers()).extracting(SandboxSnapshot.SnapContainer::id).containsExactly(def);
    assertThat(s.licenses())
        .extracting(SandboxSnapshot.SnapLicense::id)
        .containsExactly(inDefault.getId());
    assertThat(s.grants()).extracting(SandboxSnapshot.SnapGrant::containerId).containsExactly(def);
  }

  @Test
  void aLicenseeAlwaysKeepsExactlyOneDefaultContainer() throws Exception {
    Licensee acme = org("Acme");
    UUID former = defaultContainer(acme.getId());
    LicenseContainer created =
        api.containers.createLicenseContainer(
            acme.getId(), new LicenseContainer().name("New default").usedAsDefault(true));
    assertThat(created.getUsedAsDefault()).isTrue();
    assertThat(defaultContainer(acme.getId())).isEqualTo(created.getId());
    assertThat(api.containers.getLicenseContainer(acme.getId(), former).getUsedAsDefault())
        .isFalse();

    // clearing the flag on the default is refused; setting it on another container moves it
    assertThat(
            status(
                () ->
                    api.containers.updateLicenseContainer(
                        acme.getId(),
                        created.getId(),
                        new LicenseContainer().name("x").usedAsDefault(false))))
        .isEqualTo(400);
    LicenseContainer renamed =
        api.containers.updateLicenseContainer(
            acme.getId(), former, new LicenseContainer().name("Back again").usedAsDefault(true));
    assertThat(renamed.getName()).isEqualTo("Back again");
    assertThat(defaultContainer(acme.getId())).isEqualTo(former);
    assertThat(
            sandbox.snapshot().containers().stream()
                .filter(SandboxSnapshot.SnapContainer::usedAsDefault)
                .count())
        .isEqualTo(1);
    // licenses issued without a container go to the current default
    GrantByProductConfigRequest r =
        new GrantByProductConfigRequest().productConfigId(PRO.productConfigId());
    api.licenses.grantLicensesByProductConfig(acme.getId(), r);
    assertThat(sandbox.snapshot().licenses().get(0).containerId()).isEqualTo(former);
  }

  @Test
  void revokingAccessRemovesTheGrantAndIsIdempotent() throws Exception {
    Licensee acme = org("Acme");
    LicenseContainer team =
        api.containers.createLicenseContainer(acme.getId(), new LicenseContainer().name("Team"));
    LicenseConsumer anna = consumer("Anna", "anna@acme.example");
    LicenseConsumer bob = consumer("Bob", "bob@acme.example");
    api.containers.grantAccessToDefaultContainer(
        acme.getId(),
        new GrantAccessRequest().licenseConsumerIds(List.of(anna.getId(), bob.getId())));
    api.containers.grantAccessToLicenseContainer(
        acme.getId(),
        team.getId(),
        new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));

    RevokeAccessRequest revokeAnna =
        new RevokeAccessRequest().addLicenseConsumerIdsItem(anna.getId());
    api.containers.revokeAccessToDefaultContainer(acme.getId(), revokeAnna);
    api.containers.revokeAccessToDefaultContainer(acme.getId(), revokeAnna); // no-op

    assertThat(
            api
                .containers
                .listDefaultContainerLicenseConsumers(acme.getId(), null, null, null, null)
                .stream()
                .map(LicenseConsumer::getId))
        .containsExactly(bob.getId());
    // the named container's access is a separate grant
    assertThat(
            api
                .containers
                .listLicenseContainerLicenseConsumers(
                    acme.getId(), team.getId(), null, null, null, null)
                .stream()
                .map(LicenseConsumer::getId))
        .containsExactly(anna.getId());
    api.containers.revokeAccessToLicenseContainer(acme.getId(), team.getId(), revokeAnna);
    api.containers.revokeAccessToLicenseContainer(acme.getId(), team.getId(), revokeAnna);
    assertThat(sandbox.snapshot().grants())
        .extracting(SandboxSnapshot.SnapGrant::consumerId)
        .containsExactly(bob.getId());
    // an unknown consumer changes nothing and answers 404
    RevokeAccessRequest mixed =
        new RevokeAccessRequest().licenseConsumerIds(List.of(bob.getId(), UUID.randomUUID()));
    assertThat(status(() -> api.containers.revokeAccessToDefaultContainer(acme.getId(), mixed)))
        .isEqualTo(404);
    assertThat(sandbox.snapshot().grants()).hasSize(1);
  }

  @Test
  void deletingAConsumerRemovesItsAccess() throws Exception {
    Licensee acme = org("Acme");
    LicenseConsumer anna = consumer("Anna", "anna@acme.example");
    api.containers.grantAccessToDefaultContainer(
        acme.getId(), new GrantAccessRequest().addLicenseConsumerIdsItem(anna.getId()));

    api.consumers.deleteLicenseConsumer(anna.getId());

    assertThat(sandbox.snapshot().grants()).isEmpty();
    assertThat(
            api.containers.listDefaultContainerLicenseConsumers(
                acme.getId(), null, null, null, null))
        .isEmpty();
  }

  @Test
  void editValidityChangesTheValidityWindowOnly() throws Exception {
    Licensee acme = org("Acme");
    License issued = grant(acme.getId(), defaultContainer(acme.getId()), "o-1");
    SandboxSnapshot.SnapLicense before = sandbox.snapshot().licenses().get(0);

    List<License> renewed =
        api.licenses.editLicenseValidity(
            acme.getId(),
            new EditLicenseValidityRequest()
                .addLicenseIdsItem(issued.getId())
                .validUntil(OffsetDateTime.parse("2028-01-01T00:00:00Z")));

    assertThat(renewed).extracting(License::getId).containsExactly(issued.getId());
    SandboxSnapshot.SnapLicense after = sandbox.snapshot().licenses().get(0);
    assertThat(after.validUntil()).isEqualTo(java.time.Instant.parse("2028-01-01T00:00:00Z"));
    assertThat(after.validFrom()).isEqualTo(before.validFrom()); // left out: kept
    assertThat(after)
        .usingRecursiveComparison()
        .ignoringFields("validUntil", "modified")
        .isEqualTo(before);

    // validUntil left out: perpetual; validFrom given: moved
    api.licenses.editLicenseValidity(
        acme.getId(),
        new EditLicenseValidityRequest()
            .addLicenseIdsItem(issued.getId())
            .validFrom(OffsetDateTime.parse("2026-02-01T00:00:00Z")));
    SandboxSnapshot.SnapLicense perpetual = sandbox.snapshot().licenses().get(0);
    assertThat(perpetual.validUntil()).isNull();
    assertThat(perpetual.validFrom()).isEqualTo(java.time.Instant.parse("2026-02-01T00:00:00Z"));

    // validUntil not after the (kept) validFrom: refused, nothing changed
    assertThat(
            status(
                () ->
                    api.licenses.editLicenseValidity(
                        acme.getId(),
                        new EditLicenseValidityRequest()
                            .addLicenseIdsItem(issued.getId())
                            .validUntil(OffsetDateTime.parse("2026-01-15T00:00:00Z")))))
        .isEqualTo(400);
    assertThat(sandbox.snapshot().licenses().get(0).validUntil()).isNull();
  }

  @Test
  void listProductsGroupsConfigurationsByProductSoASkuMapIsCheckedInOneRead() throws Exception {
    List<Product> page = api.products.listProducts(0, 100, "name", true);

    assertThat(page).extracting(Product::getName).containsExactly("API", "Pro");
    Product pro = page.get(1);
    assertThat(pro.getConfigurations())
        .extracting(c -> c.getId(), c -> c.getName())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(PRO.productConfigId(), "pro-annual"),
            org.assertj.core.groups.Tuple.tuple(PRO_MONTHLY.productConfigId(), "pro-monthly"));
    assertThat(api.products.listProducts(1, 1, "name", true))
        .extracting(Product::getName)
        .containsExactly("Pro");
  }
}
