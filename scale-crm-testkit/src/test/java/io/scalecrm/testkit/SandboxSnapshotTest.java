package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.model.GrantAccessRequest;
import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.LicenseConsumer;
import io.scalecrm.client.model.LicenseConsumerType;
import io.scalecrm.client.model.Licensee;
import io.scalecrm.client.model.SetupUserRequest;
import io.scalecrm.testkit.SandboxSnapshot.SnapConsumer;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicense;
import io.scalecrm.testkit.SandboxSnapshot.SnapLicensee;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxSnapshotTest {

  static final SandboxProduct PRO = SandboxProduct.of("pro", "Pro", "a");

  @RegisterExtension static ScaleSandboxExtension ext = new ScaleSandboxExtension().seed(PRO);

  static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

  static SnapLicensee licensee(UUID id, String naturalId, String email, String ref) {
    return new SnapLicensee(id, "L", null, null, email, null, naturalId, ref, "ORGANIZATION", T, T);
  }

  static SnapConsumer consumer(
      UUID id, String naturalId, String email, String ref, UUID setupUser) {
    return new SnapConsumer(
        id, "C", "PERSON", null, null, null, email, null, null, ref, naturalId, setupUser, T, T);
  }

  static SnapLicense license(UUID licensee, String orderReference) {
    return new SnapLicense(
        UUID.randomUUID(),
        licensee,
        UUID.randomUUID(),
        PRO.productConfigId(),
        "Pro",
        1,
        "SEATS",
        List.of(),
        T,
        null,
        orderReference,
        null,
        null,
        null,
        T,
        T);
  }

  @Test
  void duplicatesListsEveryRepeatedKey() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    SandboxSnapshot s =
        new SandboxSnapshot(
            List.of(
                licensee(a, "n1", "x@example.com", "r1"), licensee(b, "n1", "X@example.com", "r1")),
            List.of(
                consumer(UUID.randomUUID(), "c1", "y@example.com", "cr", null),
                consumer(UUID.randomUUID(), "c1", null, "cr", null)),
            List.of(),
            List.of(license(a, "o-1"), license(a, "o-1"), license(b, "o-1"), license(a, "o-2")),
            List.of());
    assertThat(s.duplicates())
        .containsExactlyInAnyOrder(
            "licensee naturalId 'n1': 2 times",
            "licensee externalReference 'r1': 2 times",
            "consumer naturalId 'c1': 2 times",
            "consumer externalReference 'cr': 2 times",
            "email (licensees and consumers) 'x@example.com': 2 times",
            "license orderReference of licensee " + a + " 'o-1': 2 times");
  }

  @Test
  void aSetupUserPairIsNotADuplicateButAnyOtherSharedEmailIs() {
    UUID l = UUID.randomUUID();
    SnapLicensee person = licensee(l, "n", "p@example.com", "ref");
    SnapConsumer own = consumer(UUID.randomUUID(), "c", "P@example.com", "ref", l);
    assertThat(
            new SandboxSnapshot(List.of(person), List.of(own), List.of(), List.of(), List.of())
                .duplicates())
        .isEmpty();
    SnapConsumer stranger = consumer(UUID.randomUUID(), "d", "p@EXAMPLE.com", null, null);
    assertThat(
            new SandboxSnapshot(
                    List.of(person), List.of(own, stranger), List.of(), List.of(), List.of())
                .duplicates())
        .containsExactly("email (licensees and consumers) 'p@example.com': 2 times");
  }

  @Test
  void snapshotReflectsTheLiveStateAsPlainRecords(ScaleSandbox sandbox) throws Exception {
    Clients api = Clients.of(sandbox);
    Licensee org = api.licensees.setupOrganization(new Licensee().name("Org").naturalId("crm:1"));
    SetupUserRequest u = new SetupUserRequest();
    u.setName("Zoë");
    u.setEmail("zoe@example.com");
    u.setExternalReference("c-9");
    Licensee person = api.licensees.setupUser(u);
    LicenseConsumer c =
        api.consumers.createLicenseConsumer(
            new LicenseConsumer().name("Dev").type(LicenseConsumerType.DEVICE));
    api.containers.grantAccessToDefaultContainer(
        org.getId(), new GrantAccessRequest().licenseConsumerIds(List.of(c.getId())));
    for (int i = 0; i < 2; i++) { // the same order line issued twice: a sync bug to detect
      api.licenses.grantLicensesByProductConfig(
          org.getId(),
          new GrantByProductConfigRequest()
              .productConfigId(PRO.productConfigId())
              .orderReference("crm:o:1"));
    }

    SandboxSnapshot s = sandbox.snapshot();
    assertThat(s.licensees())
        .extracting(SnapLicensee::id)
        .containsExactlyInAnyOrder(org.getId(), person.getId());
    assertThat(s.licenseeByNaturalId("crm:1")).map(SnapLicensee::type).hasValue("ORGANIZATION");
    assertThat(s.consumerByExternalReference("c-9"))
        .hasValueSatisfying(x -> assertThat(x.setupUserLicenseeId()).isEqualTo(person.getId()));
    assertThat(s.consumerIdsWithAccessTo(org.getId())).containsExactly(c.getId());
    assertThat(s.consumerIdsWithAccessTo(person.getId())).hasSize(1);
    assertThat(s.containers()).hasSize(2).allMatch(SandboxSnapshot.SnapContainer::usedAsDefault);
    assertThat(s.licensesOf(org.getId())).hasSize(2);
    assertThat(s.duplicates())
        .containsExactly(
            "license orderReference of licensee " + org.getId() + " 'crm:o:1': 2 times");

    sandbox.reset();
    SandboxSnapshot empty = sandbox.snapshot();
    assertThat(empty.licensees()).isEmpty();
    assertThat(empty.consumers()).isEmpty();
    assertThat(empty.grants()).isEmpty();
    assertThat(empty.licenses()).isEmpty();
    assertThat(empty.containers()).isEmpty();
    assertThat(sandbox.journal().entries()).isEmpty();
    // products survive a reset
    assertThat(
            api.licenses.grantLicensesByProductConfig(
                api.licensees.setupOrganization(new Licensee().name("Again")).getId(),
                new GrantByProductConfigRequest().productConfigId(PRO.productConfigId())))
        .hasSize(1);
  }
}
