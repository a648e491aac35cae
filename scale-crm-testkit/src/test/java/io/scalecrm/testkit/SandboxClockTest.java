package io.scalecrm.testkit;

import static io.scalecrm.testkit.ApiErrors.expectStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.client.model.GrantByProductConfigRequest;
import io.scalecrm.client.model.License;
import io.scalecrm.client.model.Licensee;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timestamps, default validity and JWT expiry follow the sandbox's clock. */
class SandboxClockTest {

  static final Instant START = Instant.parse("2026-04-10T15:30:45Z");
  static final SandboxProduct PRO = SandboxProduct.of("clock-pro", "Pro");

  MutableClock clock = new MutableClock(START);
  ScaleSandbox sandbox;
  Clients api;

  @BeforeEach
  void start() {
    sandbox = ScaleSandbox.builder().generateKey().clock(clock).build().start();
    sandbox.seedProductConfiguration(PRO);
    TestJwt jwt = TestJwt.forSandbox(sandbox);
    api = Clients.withAuthorization(sandbox, () -> jwt.issuedAt(clock.instant()).header());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void createdAndModifiedComeFromTheClock() throws Exception {
    Licensee l = api.licensees.setupOrganization(new Licensee().name("Tick").naturalId("t"));
    assertThat(l.getCreated().toInstant()).isEqualTo(START);
    clock.advance(Duration.ofHours(2));
    Licensee u =
        api.licensees.updateLicensee(l.getId(), new Licensee().name("Tock").naturalId("t"));
    assertThat(u.getCreated().toInstant()).isEqualTo(START);
    assertThat(u.getModified().toInstant()).isEqualTo(START.plus(Duration.ofHours(2)));
    assertThat(sandbox.journal().entries().get(1).at()).isEqualTo(START.plus(Duration.ofHours(2)));
  }

  @Test
  void validFromDefaultsToTheStartOfTheUtcDay() throws Exception {
    Licensee l = api.licensees.setupOrganization(new Licensee().name("Day"));
    License x =
        api.licenses
            .grantLicensesByProductConfig(
                l.getId(), new GrantByProductConfigRequest().productConfigId(PRO.productConfigId()))
            .get(0);
    assertThat(x.getValidFrom())
        .isEqualTo(OffsetDateTime.of(2026, 4, 10, 0, 0, 0, 0, ZoneOffset.UTC));
    // a validUntil before that default start is rejected
    expectStatus(
        400,
        () ->
            api.licenses.grantLicensesByProductConfig(
                l.getId(),
                new GrantByProductConfigRequest()
                    .productConfigId(PRO.productConfigId())
                    .validUntil(OffsetDateTime.of(2026, 4, 9, 0, 0, 0, 0, ZoneOffset.UTC))));
  }

  @Test
  void tokensExpireBySandboxTime() throws Exception {
    TestJwt jwt = TestJwt.forSandbox(sandbox).issuedAt(START).lifetimeSeconds(600);
    Clients fixed = Clients.withAuthorization(sandbox, jwt::header);
    fixed.licensees.listLicensees(null, null, null, null);
    clock.advance(Duration.ofSeconds(650)); // 50 s past exp: inside the skew
    fixed.licensees.listLicensees(null, null, null, null);
    clock.advance(Duration.ofSeconds(20)); // 70 s past exp
    expectStatus(401, () -> fixed.licensees.listLicensees(null, null, null, null));
  }
}
