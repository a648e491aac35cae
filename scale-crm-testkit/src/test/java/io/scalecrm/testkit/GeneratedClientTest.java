package io.scalecrm.testkit;

import static io.scalecrm.testkit.ApiErrors.description;
import static io.scalecrm.testkit.ApiErrors.expectStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.LicenseContainer;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.LicenseeType;
import io.scalecrm.client.model.QtyDimension;
import io.scalecrm.client.model.QtyEnforcementType;
import io.scalecrm.client.model.RevokeLicensesRequest;
import io.scalecrm.client.model.SetupUserRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Drives every operation of the generated client against the sandbox, success and errors. */
class GeneratedClientTest {

  static final SandboxProduct PRO = SandboxProduct.of("pro-annual", "Pro", "export", "sso");
  static final SandboxProduct API =
      SandboxProduct.of("api-calls", "API").withQtyDimension("USE_COUNT");

  @RegisterExtension static ScaleSandboxExtension ext = new ScaleSandboxExtension().seed(PRO, API);

  ScaleSandbox sandbox;
  Clients api;

  @BeforeEach
  void setUp(ScaleSandbox s) {
    sandbox = s;
    api = Clients.of(s);
  }

  Licensee org(String name, String naturalId) throws Exception {
    return api.licensees.setupOrganization(new Licensee().name(name).naturalId(naturalId));
  }

  SetupUserRequest user(String name, String email, String ref) {
    SetupUserRequest r = new SetupUserRequest();
    r.setName(name);
    r.setEmail(email);
    r.setExternalReference(ref);
    r.setNaturalId("crm:" + ref);
    r.setConnectedIdentityId("idp|" + ref);
    return r;
  }

  LicenseConsumer person(String name, String email, String ref) {
    return new LicenseConsumer()
        .name(name)
        .type(LicenseConsumerType.PERSON)
        .email(email)
        .externalReference(ref);
  }

  License grant(UUID licenseeId, GrantByProductConfigRequest req) throws Exception {
    List<License> issued = api.licenses.grantLicensesByProductConfig(licenseeId, req);
    assertThat(issued).hasSize(1);
    return issued.get(0);
  }

  @Nested
  class Licensees {

    @Test
    void setupOrganizationCreatesTheLicenseeAndItsDefaultContainer() throws Exception {
      Licensee l =
          api.licensees.setupOrganization(
              new Licensee()
                  .name("Acme Müller GmbH")
                  .displayName("Acme")
                  .email("Billing@Acme-Müller.example")
                  .naturalId("crm:1001")
                  .externalReference("1001"));
      assertThat(l.getId()).isNotNull();
      assertThat(l.getType()).isEqualTo(LicenseeType.ORGANIZATION);
      assertThat(l.getName()).isEqualTo("Acme Müller GmbH");
      assertThat(l.getEmail()).isEqualTo("Billing@Acme-Müller.example");
      assertThat(l.getCreated()).isNotNull().isEqualTo(l.getModified());
      List<LicenseContainer> containers =
          api.containers.listLicenseContainers(l.getId(), null, null, null, null);
      assertThat(containers)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getName()).isEqualTo("default");
                assertThat(c.getUsedAsDefault()).isTrue();
              });
      assertThat(api.containers.getLicenseContainer(l.getId(), containers.get(0).getId()).getName())
          .isEqualTo("default");
      assertThat(sandbox.snapshot().licensees())
          .singleElement()
          .satisfies(s -> assertThat(s.naturalId()).isEqualTo("crm:1001"));
      assertThat(sandbox.journal().count("setupOrganization")).isEqualTo(1);
    }

    @Test
    void setupOrganizationKeepsAGivenTypeAndGeneratesANaturalId() throws Exception {
      Licensee l =
          api.licensees.setupOrganization(new Licensee().name("Beta").type(LicenseeType.COMPANY));
      assertThat(l.getType()).isEqualTo(LicenseeType.COMPANY);
      assertThat(l.getNaturalId()).isNotBlank();
      assertThat(api.licensees.findLicenseeByNaturalId(l.getNaturalId()).getId())
          .isEqualTo(l.getId());
    }

    @Test
    void setupUserCreatesAPersonLicenseeAndConsumerWithAccess() throws Exception {
      Licensee l = api.licensees.setupUser(user("Jürgen Weiß", "juergen@example.de", "1002"));
      assertThat(l.getType()).isEqualTo(LicenseeType.PERSON);
      LicenseConsumer c = api.consumers.findLicenseConsumerByEmail("JUERGEN@example.de");
      assertThat(c.getType()).isEqualTo(LicenseConsumerType.PERSON);
      assertThat(c.getName()).isEqualTo("Jürgen Weiß");
      assertThat(c.getExternalReference()).isEqualTo("1002");
      assertThat(c.getConnectedIdentityId()).isEqualTo("idp|1002");
      assertThat(c.getNaturalId()).isNotBlank().isNotEqualTo(l.getNaturalId());
      assertThat(
              api.containers.listDefaultContainerLicenseConsumers(
                  l.getId(), null, null, null, null))
          .extracting(LicenseConsumer::getId)
          .containsExactly(c.getId());
      assertThat(api.consumers.listLicenseeLicenseConsumers(l.getId(), null, null, null, null))
          .extracting(LicenseConsumer::getId)
          .containsExactly(c.getId());
      assertThat(api.licensees.findLicenseeByEmail("juergen@EXAMPLE.de").getId())
          .isEqualTo(l.getId());
      // the pair shares email and externalReference; updating either keeps them valid
      api.licensees.updateLicensee(
          l.getId(),
          new Licensee().name("Jürgen Weiß").email("juergen@example.de").naturalId("crm:1002"));
      api.consumers.updateLicenseConsumer(
          c.getId(), person("Jürgen W.", "juergen@example.de", "1002"));
      assertThat(sandbox.snapshot().duplicates()).isEmpty();
    }

    @Test
    void findsByEmailAndNaturalIdOr404() throws Exception {
      Licensee l =
          api.licensees.setupOrganization(
              new Licensee().name("Gamma").email("ops@gamma.example").naturalId("crm:7"));
      assertThat(api.licensees.findLicenseeByNaturalId("crm:7").getId()).isEqualTo(l.getId());
      assertThat(api.licensees.findLicenseeByEmail("OPS@gamma.example").getId())
          .isEqualTo(l.getId());
      expectStatus(404, () -> api.licensees.findLicenseeByNaturalId("crm:8"));
      expectStatus(404, () -> api.licensees.findLicenseeByEmail("nobody@gamma.example"));
      expectStatus(400, () -> api.licensees.findLicenseeByEmail("x"));
      expectStatus(400, () -> api.licensees.findLicenseeByNaturalId("n".repeat(256)));
    }

    @Test
    void getUpdateAndDeleteAnswer404ForUnknownIds() throws Exception {
      UUID unknown = UUID.randomUUID();
      expectStatus(404, () -> api.licensees.getLicensee(unknown));
      expectStatus(404, () -> api.licensees.updateLicensee(unknown, new Licensee().name("x")));
      expectStatus(404, () -> api.licensees.deleteLicensee(unknown));
    }

    @Test
    void updateReplacesEveryWritableField() throws Exception {
      Licensee l =
          api.licensees.setupOrganization(
              new Licensee()
                  .name("Delta")
                  .displayName("D")
                  .description("old")
                  .naturalId("crm:9")
                  .externalReference("9"));
      Licensee u =
          api.licensees.updateLicensee(
              l.getId(),
              new Licensee().name("Delta AB").naturalId("crm:9").type(LicenseeType.PERSON));
      assertThat(u.getName()).isEqualTo("Delta AB");
      assertThat(u.getDisplayName()).isNull();
      assertThat(u.getDescription()).isNull();
      assertThat(u.getExternalReference()).isNull();
      assertThat(u.getType()).as("type is not changed by PUT").isEqualTo(LicenseeType.ORGANIZATION);
      assertThat(u.getCreated()).isEqualTo(l.getCreated());
      assertThat(api.licensees.getLicensee(l.getId()).getName()).isEqualTo("Delta AB");
    }

    @Test
    void uniquenessRulesAnswer409() throws Exception {
      org("One", "crm:1");
      Licensee two =
          api.licensees.setupOrganization(
              new Licensee()
                  .name("Two")
                  .naturalId("crm:2")
                  .externalReference("ext-2")
                  .email("a@b.example"));
      expectStatus(409, () -> org("Dup", "crm:1"));
      expectStatus(
          409,
          () ->
              api.licensees.setupOrganization(new Licensee().name("X").externalReference("ext-2")));
      expectStatus(
          409,
          () -> api.licensees.setupOrganization(new Licensee().name("X").email("A@B.example")));
      expectStatus(
          409,
          () ->
              api.licensees.updateLicensee(
                  two.getId(), new Licensee().name("Two").naturalId("crm:1")));
      // email is unique across licensees and consumers, both ways
      expectStatus(
          409, () -> api.consumers.createLicenseConsumer(person("P", "a@b.EXAMPLE", "c-1")));
      api.consumers.createLicenseConsumer(person("P", "p@b.example", "ext-2")); // other type: ok
      expectStatus(
          409,
          () -> api.licensees.setupOrganization(new Licensee().name("Y").email("P@b.example")));
      expectStatus(409, () -> api.licensees.setupUser(user("Z", "p@b.example", "z")));
      assertThat(sandbox.snapshot().licensees()).hasSize(2);
      assertThat(sandbox.snapshot().duplicates()).isEmpty();
    }

    @Test
    void invalidBodiesAnswer400() throws Exception {
      expectStatus(400, () -> api.licensees.setupOrganization(new Licensee()));
      expectStatus(
          400, () -> api.licensees.setupOrganization(new Licensee().name("n".repeat(256))));
      expectStatus(
          400,
          () -> api.licensees.setupOrganization(new Licensee().name("x").email("e".repeat(321))));
      Licensee l = org("Valid", "crm:v");
      expectStatus(400, () -> api.licensees.updateLicensee(l.getId(), new Licensee()));
      assertThat(sandbox.snapshot().licensees()).hasSize(1);
    }

    @Test
    void deleteCascadesContainersLicensesAndGrantsButNotConsumers() throws Exception {
      Licensee l = org("Epsilon", "crm:e");
      LicenseConsumer c =
          api.consumers.createLicenseConsumer(person("Eve", "eve@e.example", "c-e"));
      api.containers.grantAccessToDefaultContainer(
          l.getId(), new GrantAccessRequest().licenseConsumerIds(List.of(c.getId())));
      grant(l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));
      Licensee other = org("Zeta", "crm:z");
      grant(
          other.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));

      api.licensees.deleteLicensee(l.getId());

      SandboxSnapshot s = sandbox.snapshot();
      assertThat(s.licensees())
          .extracting(SandboxSnapshot.SnapLicensee::id)
          .containsExactly(other.getId());
      assertThat(s.containers()).allMatch(x -> x.licenseeId().equals(other.getId())).hasSize(1);
      assertThat(s.licenses()).allMatch(x -> x.licenseeId().equals(other.getId())).hasSize(1);
      assertThat(s.grants()).isEmpty();
      assertThat(s.consumers())
          .extracting(SandboxSnapshot.SnapConsumer::id)
          .containsExactly(c.getId());
      expectStatus(404, () -> api.licensees.getLicensee(l.getId()));
      expectStatus(404, () -> api.licenses.listLicenses(l.getId(), null, null, null, null, null));
    }

    @Test
    void listPagesWithHeadersAndAStableOrder() throws Exception {
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(org(String.format("Org %02d", i), "crm:p" + i).getId());
      }
      List<Licensee> all = new ArrayList<>();
      for (int offset = 0; ; offset += 5) {
        List<Licensee> page = api.licensees.listLicensees(offset, 5, "name", true);
        all.addAll(page);
        if (page.size() < 5) {
          break;
        }
      }
      assertThat(all)
          .extracting(Licensee::getName)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, 12)
                  .mapToObj(i -> String.format("Org %02d", i))
                  .collect(Collectors.toList()));
      assertThat(api.licensees.listLicensees(null, null, null, null)).hasSize(5);
      assertThat(api.licensees.listLicensees(0, 100, "name", false))
          .extracting(Licensee::getName)
          .startsWith("Org 11", "Org 10");
      assertThat(api.licensees.listLicensees(10, 5, null, true)).hasSize(2);
      assertThat(api.licensees.listLicensees(0, 100, "created", true))
          .extracting(Licensee::getId)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(api.licensees.listLicensees(0, 100, "modified", true)).hasSize(12);
      expectStatus(400, () -> api.licensees.listLicensees(0, 101, null, null));
      expectStatus(400, () -> api.licensees.listLicensees(0, 0, null, null));
      expectStatus(400, () -> api.licensees.listLicensees(-1, 5, null, null));
      expectStatus(400, () -> api.licensees.listLicensees(0, 5, "shoeSize", null));
    }
  }

  @Nested
  class Consumers {

    @Test
    void createFindGetUpdateDelete() throws Exception {
      LicenseConsumer c =
          api.consumers.createLicenseConsumer(
              person("Łukasz Żak", "lukasz@example.pl", "2001").displayLabel("ŁŻ"));
      assertThat(c.getId()).isNotNull();
      assertThat(c.getNaturalId()).isNotBlank();
      assertThat(api.consumers.getLicenseConsumer(c.getId()).getName()).isEqualTo("Łukasz Żak");
      assertThat(api.consumers.findLicenseConsumerByExternalReference("2001").getId())
          .isEqualTo(c.getId());
      assertThat(api.consumers.findLicenseConsumerByEmail("LUKASZ@example.pl").getId())
          .isEqualTo(c.getId());
      LicenseConsumer u =
          api.consumers.updateLicenseConsumer(
              c.getId(),
              new LicenseConsumer()
                  .name("Kiosk 1")
                  .type(LicenseConsumerType.DEVICE)
                  .naturalId(c.getNaturalId()));
      assertThat(u.getType()).isEqualTo(LicenseConsumerType.DEVICE);
      assertThat(u.getEmail()).isNull();
      assertThat(u.getDisplayLabel()).isNull();
      assertThat(u.getCreated()).isEqualTo(c.getCreated());
      expectStatus(404, () -> api.consumers.findLicenseConsumerByExternalReference("2001"));
      expectStatus(404, () -> api.consumers.findLicenseConsumerByEmail("lukasz@example.pl"));
      assertThat(api.consumers.listLicenseConsumers(null, null, null, null)).hasSize(1);
      api.consumers.deleteLicenseConsumer(c.getId());
      expectStatus(404, () -> api.consumers.getLicenseConsumer(c.getId()));
      expectStatus(404, () -> api.consumers.deleteLicenseConsumer(c.getId()));
      expectStatus(
          404, () -> api.consumers.updateLicenseConsumer(c.getId(), person("x", null, null)));
    }

    @Test
    void licenseKeyConsumersCannotBeCreatedOrSwitchedTo() throws Exception {
      expectStatus(
          400,
          () ->
              api.consumers.createLicenseConsumer(
                  new LicenseConsumer().name("KEY").type(LicenseConsumerType.LICENSE_KEY)));
      LicenseConsumer c = api.consumers.createLicenseConsumer(person("A", null, null));
      expectStatus(
          400,
          () ->
              api.consumers.updateLicenseConsumer(
                  c.getId(),
                  new LicenseConsumer().name("A").type(LicenseConsumerType.LICENSE_KEY)));
      expectStatus(
          400, () -> api.consumers.createLicenseConsumer(new LicenseConsumer().name("no type")));
    }

    @Test
    void uniquenessAmongConsumers() throws Exception {
      LicenseConsumer a =
          api.consumers.createLicenseConsumer(person("A", "a@c.example", "ref-a").naturalId("n-a"));
      expectStatus(
          409, () -> api.consumers.createLicenseConsumer(person("B", "A@C.example", "ref-b")));
      expectStatus(409, () -> api.consumers.createLicenseConsumer(person("B", null, "ref-a")));
      expectStatus(
          409, () -> api.consumers.createLicenseConsumer(person("B", null, null).naturalId("n-a")));
      LicenseConsumer b = api.consumers.createLicenseConsumer(person("B", "b@c.example", "ref-b"));
      expectStatus(
          409,
          () ->
              api.consumers.updateLicenseConsumer(b.getId(), person("B", "a@c.example", "ref-b")));
      // updating a consumer with its own values is fine
      api.consumers.updateLicenseConsumer(
          a.getId(), person("A2", "a@c.example", "ref-a").naturalId("n-a"));
      expectStatus(
          400, () -> api.consumers.findLicenseConsumerByExternalReference("r".repeat(256)));
    }

    @Test
    void deleteRemovesTheConsumersGrants() throws Exception {
      Licensee l = org("Eta", "crm:eta");
      LicenseConsumer c = api.consumers.createLicenseConsumer(person("C", null, "ref-c"));
      api.containers.grantAccessToDefaultContainer(
          l.getId(), new GrantAccessRequest().licenseConsumerIds(List.of(c.getId())));
      assertThat(sandbox.snapshot().grants()).hasSize(1);
      api.consumers.deleteLicenseConsumer(c.getId());
      assertThat(sandbox.snapshot().grants()).isEmpty();
      assertThat(api.consumers.listLicenseeLicenseConsumers(l.getId(), null, null, null, null))
          .isEmpty();
    }
  }

  @Nested
  class ContainersAndAccess {

    @Test
    void grantAccessIsASetAndAllOrNothing() throws Exception {
      Licensee l = org("Theta", "crm:theta");
      LicenseConsumer a = api.consumers.createLicenseConsumer(person("A", null, "ra"));
      LicenseConsumer b = api.consumers.createLicenseConsumer(person("B", null, "rb"));
      GrantAccessRequest both =
          new GrantAccessRequest().licenseConsumerIds(List.of(a.getId(), b.getId()));
      api.containers.grantAccessToDefaultContainer(l.getId(), both);
      api.containers.grantAccessToDefaultContainer(l.getId(), both);
      assertThat(sandbox.snapshot().grants()).hasSize(2);
      assertThat(api.containers.listDefaultContainerLicenseConsumers(l.getId(), 0, 1, "name", true))
          .extracting(LicenseConsumer::getName)
          .containsExactly("A");
      UUID unknown = UUID.randomUUID();
      LicenseConsumer c = api.consumers.createLicenseConsumer(person("C", null, "rc"));
      expectStatus(
          404,
          () ->
              api.containers.grantAccessToDefaultContainer(
                  l.getId(),
                  new GrantAccessRequest().licenseConsumerIds(List.of(c.getId(), unknown))));
      assertThat(sandbox.snapshot().grants()).hasSize(2);
      expectStatus(
          400,
          () ->
              api.containers.grantAccessToDefaultContainer(
                  l.getId(), new GrantAccessRequest().licenseConsumerIds(List.of())));
      expectStatus(
          404,
          () ->
              api.containers.grantAccessToDefaultContainer(
                  UUID.randomUUID(),
                  new GrantAccessRequest().licenseConsumerIds(List.of(a.getId()))));
    }

    @Test
    void containerLookupsAnswer404() throws Exception {
      Licensee l = org("Iota", "crm:iota");
      Licensee other = org("Kappa", "crm:kappa");
      UUID otherContainer =
          api.containers
              .listLicenseContainers(other.getId(), null, null, null, null)
              .get(0)
              .getId();
      expectStatus(404, () -> api.containers.getLicenseContainer(l.getId(), otherContainer));
      expectStatus(404, () -> api.containers.getLicenseContainer(l.getId(), UUID.randomUUID()));
      expectStatus(
          404,
          () -> api.containers.listLicenseContainers(UUID.randomUUID(), null, null, null, null));
      expectStatus(
          404,
          () ->
              api.containers.listDefaultContainerLicenseConsumers(
                  UUID.randomUUID(), null, null, null, null));
      expectStatus(
          404,
          () ->
              api.consumers.listLicenseeLicenseConsumers(
                  UUID.randomUUID(), null, null, null, null));
    }
  }

  @Nested
  class Licenses {

    @Test
    void grantIssuesOneLicenseWithDefaults() throws Exception {
      Licensee l = org("Lambda", "crm:lambda");
      License x =
          grant(
              l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));
      assertThat(x.getProductName()).isEqualTo("Pro");
      assertThat(x.getQty()).isEqualTo(1);
      assertThat(x.getQtyDimension()).isEqualTo(QtyDimension.SEATS);
      assertThat(x.getQtyEnforcementType()).isEqualTo(QtyEnforcementType.ENFORCED);
      assertThat(x.getFeatureNames()).isEqualTo("export,sso");
      assertThat(x.getFeatures()).extracting(f -> f.getFeature()).containsExactly("export", "sso");
      assertThat(x.getValidUntil()).isNull();
      OffsetDateTime from = x.getValidFrom();
      assertThat(from.getHour()).isZero();
      assertThat(from.getMinute()).isZero();
      assertThat(x.getLicenseMetadata()).isNull();
      License fetched = api.licenses.getLicense(l.getId(), x.getId(), null);
      assertThat(fetched.getLicenseMetadata()).isNull();
      assertThat(api.licenses.listLicenses(l.getId(), false, null, null, null, null))
          .singleElement()
          .satisfies(y -> assertThat(y.getLicenseMetadata()).isNull());
    }

    @Test
    void metadataOnlyWithMetadataTrue() throws Exception {
      Licensee l = org("Mu", "crm:mu");
      UUID container =
          api.containers.listLicenseContainers(l.getId(), null, null, null, null).get(0).getId();
      OffsetDateTime from = OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      License x =
          grant(
              l.getId(),
              new GrantByProductConfigRequest()
                  .productConfigId(API.productConfigId())
                  .qty(5000 / 5)
                  .validFrom(from)
                  .validUntil(from.plusYears(1))
                  .licenseContainerId(container)
                  .orderReference("crm:3001:3001-1")
                  .subscriptionReference("SUB-1")
                  .contractReference("CT-ä")
                  .productReference("SKU-API"));
      assertThat(x.getQtyDimension()).isEqualTo(QtyDimension.USE_COUNT);
      assertThat(x.getValidFrom().toInstant()).isEqualTo(from.toInstant());
      License m = api.licenses.getLicense(l.getId(), x.getId(), true);
      assertThat(m.getLicenseMetadata()).isNotNull();
      assertThat(m.getLicenseMetadata().getOrderReference()).isEqualTo("crm:3001:3001-1");
      assertThat(m.getLicenseMetadata().getContractReference()).isEqualTo("CT-ä");
      assertThat(m.getLicenseMetadata().getLicenseContainer().getId()).isEqualTo(container);
      assertThat(m.getLicenseMetadata().getLicenseModel().getName()).isEqualTo("default");
      assertThat(m.getLicenseMetadata().getProductConfigInfo().getProductConfigId())
          .isEqualTo(API.productConfigId());
      assertThat(api.licenses.listLicenses(l.getId(), true, null, null, null, null))
          .singleElement()
          .satisfies(
              y ->
                  assertThat(y.getLicenseMetadata().getSubscriptionReference()).isEqualTo("SUB-1"));
      assertThat(sandbox.snapshot().licenses())
          .singleElement()
          .satisfies(s -> assertThat(s.orderReference()).isEqualTo("crm:3001:3001-1"));
    }

    @Test
    void grantValidation() throws Exception {
      Licensee l = org("Nu", "crm:nu");
      Licensee other = org("Xi", "crm:xi");
      UUID otherContainer =
          api.containers
              .listLicenseContainers(other.getId(), null, null, null, null)
              .get(0)
              .getId();
      UUID pro = PRO.productConfigId();
      expectStatus(
          404,
          () ->
              grant(
                  l.getId(), new GrantByProductConfigRequest().productConfigId(UUID.randomUUID())));
      expectStatus(
          404,
          () -> grant(UUID.randomUUID(), new GrantByProductConfigRequest().productConfigId(pro)));
      expectStatus(400, () -> grant(l.getId(), new GrantByProductConfigRequest()));
      expectStatus(
          400,
          () -> grant(l.getId(), new GrantByProductConfigRequest().productConfigId(pro).qty(0)));
      expectStatus(
          400,
          () -> grant(l.getId(), new GrantByProductConfigRequest().productConfigId(pro).qty(1001)));
      OffsetDateTime t = OffsetDateTime.of(2026, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      expectStatus(
          400,
          () ->
              grant(
                  l.getId(),
                  new GrantByProductConfigRequest()
                      .productConfigId(pro)
                      .validFrom(t)
                      .validUntil(t)));
      expectStatus(
          404,
          () ->
              grant(
                  l.getId(),
                  new GrantByProductConfigRequest()
                      .productConfigId(pro)
                      .licenseContainerId(otherContainer)));
      assertThat(sandbox.snapshot().licenses()).isEmpty();
    }

    @Test
    void revokeSetsValidUntilAndIsAllOrNothing() throws Exception {
      Licensee l = org("Omicron", "crm:o");
      License a =
          grant(
              l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));
      License b =
          grant(
              l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));
      OffsetDateTime end = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      List<License> revoked =
          api.licenses.revokeLicenses(
              l.getId(),
              new RevokeLicensesRequest().licenseIds(List.of(a.getId())).validUntil(end));
      assertThat(revoked)
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.getId()).isEqualTo(a.getId());
                assertThat(x.getValidUntil().toInstant()).isEqualTo(end.toInstant());
              });
      expectStatus(
          404,
          () ->
              api.licenses.revokeLicenses(
                  l.getId(),
                  new RevokeLicensesRequest()
                      .licenseIds(List.of(b.getId(), UUID.randomUUID()))
                      .validUntil(end)));
      assertThat(api.licenses.getLicense(l.getId(), b.getId(), false).getValidUntil()).isNull();
      expectStatus(
          400,
          () ->
              api.licenses.revokeLicenses(
                  l.getId(), new RevokeLicensesRequest().licenseIds(List.of(b.getId()))));
    }

    @Test
    void deleteAndGetAnswer404ForOtherLicenseesLicenses() throws Exception {
      Licensee l = org("Pi", "crm:pi");
      Licensee other = org("Rho", "crm:rho");
      License x =
          grant(
              l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()));
      expectStatus(404, () -> api.licenses.getLicense(other.getId(), x.getId(), null));
      expectStatus(404, () -> api.licenses.deleteLicense(other.getId(), x.getId()));
      api.licenses.deleteLicense(l.getId(), x.getId());
      expectStatus(404, () -> api.licenses.getLicense(l.getId(), x.getId(), null));
      expectStatus(404, () -> api.licenses.deleteLicense(l.getId(), x.getId()));
      assertThat(
              description(
                  expectStatus(404, () -> api.licenses.getLicense(l.getId(), x.getId(), true))))
          .contains("license");
    }

    @Test
    void listPagesAndSorts() throws Exception {
      Licensee l = org("Sigma", "crm:s");
      for (int i = 1; i <= 7; i++) {
        grant(
            l.getId(),
            new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()).qty(i));
      }
      assertThat(api.licenses.listLicenses(l.getId(), null, 0, 3, "qty", false))
          .extracting(License::getQty)
          .containsExactly(7, 6, 5);
      assertThat(api.licenses.listLicenses(l.getId(), null, 6, 3, "qty", true))
          .extracting(License::getQty)
          .containsExactly(7);
      expectStatus(400, () -> api.licenses.listLicenses(l.getId(), null, 0, 3, "colour", true));
    }
  }
}
