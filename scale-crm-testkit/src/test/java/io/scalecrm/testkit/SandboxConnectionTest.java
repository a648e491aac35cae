package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.client.model.Licensee;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sandbox hands out a ready connection and its credentials (issue 11). */
class SandboxConnectionTest {

  @Test
  void aReadyConnectionIsOneCall() {
    try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey();
        ScaleConnection scale = sandbox.connection()) {
      scale.verify();
      Licensee created =
          scale.call(
              "setupOrganization",
              Idempotency.NON_IDEMPOTENT,
              () -> scale.licensees().setupOrganization(new Licensee().name("Acme")));
      assertThat(sandbox.snapshot().licensees())
          .extracting(SandboxSnapshot.SnapLicensee::id)
          .containsExactly(created.getId());
      assertThat(sandbox.journal().entries("setupOrganization")).hasSize(1);
    }
  }

  @Test
  void theCredentialsNameTheConfiguredIssuerAndShowNoKey() {
    try (ScaleSandbox sandbox =
            ScaleSandbox.builder().generateKey().issuer("acme-crm-sync").build().start();
        ScaleConnection scale = sandbox.connection()) {
      ScaleJwtCredentials credentials = sandbox.credentials();
      assertThat(credentials.keyId()).isEqualTo(ScaleSandbox.GENERATED_KEY_ID);
      assertThat(credentials.issuer()).isEqualTo("acme-crm-sync");
      assertThat(credentials.subject()).isEqualTo(ScaleSandbox.SUBJECT);
      assertThat(credentials.toString()).doesNotContain("PRIVATE");
      scale.verify(); // the issuer is checked by this sandbox, and matches
    }
    try (ScaleSandbox anyIssuer = ScaleSandbox.startWithGeneratedKey()) {
      assertThat(anyIssuer.credentials().issuer()).isEqualTo(ScaleSandbox.DEFAULT_ISSUER);
    }
  }

  @Test
  void theConnectionUsesTheSandboxClockSoTokensAreValidForIt() {
    Clock past = Clock.fixed(Instant.parse("2020-06-01T12:00:00Z"), ZoneOffset.UTC);
    try (ScaleSandbox sandbox = ScaleSandbox.builder().generateKey().clock(past).build().start();
        ScaleConnection scale = sandbox.connection();
        ScaleConnection systemClock =
            ScaleConnection.builder()
                .baseUrl(sandbox.baseUrl())
                .credentials(sandbox.credentials())
                .build()) {
      scale.verify();
      // a token minted by today's clock is "issued in the future" for this sandbox
      assertThatThrownBy(systemClock::verify).isInstanceOf(ScaleAuthenticationException.class);
    }
  }

  @Test
  void theBuilderCanBeAdjustedBeforeBuilding() {
    try (ScaleSandbox sandbox = ScaleSandbox.startWithGeneratedKey();
        ScaleConnection scale =
            sandbox.connectionBuilder().userAgentSuffix("sandbox-test/1").build()) {
      assertThat(scale.userAgent()).endsWith(" sandbox-test/1");
      scale.verify();
    }
  }

  @Test
  void withoutAGeneratedKeyThereAreNoCredentials() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    try (ScaleSandbox sandbox =
        ScaleSandbox.builder().trustKey("k", g.generateKeyPair().getPublic()).build().start()) {
      assertThatThrownBy(sandbox::credentials)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("generateKey");
    }
  }
}
