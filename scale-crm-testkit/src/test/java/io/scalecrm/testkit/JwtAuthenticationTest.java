package io.scalecrm.testkit;

import static io.scalecrm.testkit.ApiErrors.description;
import static io.scalecrm.testkit.ApiErrors.expectStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.Licensee;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox accepts only valid Scale JWTs, judged by its own clock. */
class JwtAuthenticationTest {

  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final String ISSUER = "scale-crm-sync-tests";
  static ScaleSandbox sandbox;
  static KeyPair other;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    other = gen.generateKeyPair();
    KeyPair second = gen.generateKeyPair();
    sandbox =
        ScaleSandbox.builder()
            .generateKey()
            .trustKey("second-key", second.getPublic())
            .issuer(ISSUER)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .start();
    secondKey = second.getPrivate();
  }

  static PrivateKey secondKey;

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
  }

  TestJwt jwt() {
    return TestJwt.forSandbox(sandbox).issuedAt(NOW);
  }

  ApiException rejected(Supplier<String> authorization) {
    Clients api = Clients.withAuthorization(sandbox, authorization);
    ApiException e = expectStatus(401, () -> api.licensees.listLicensees(null, null, null, null));
    assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate")).hasValue("ScaleJwt");
    return e;
  }

  void accepted(Supplier<String> authorization) throws Exception {
    Clients api = Clients.withAuthorization(sandbox, authorization);
    assertThat(api.licensees.setupOrganization(new Licensee().name("Accepted"))).isNotNull();
  }

  @Test
  void acceptsAValidTokenFromAnyTrustedKey() throws Exception {
    accepted(jwt()::header);
    accepted(TestJwt.with(secondKey, "second-key").issuer(ISSUER).issuedAt(NOW)::header);
    accepted(() -> "scalejwt " + jwt().token()); // the scheme is case-insensitive
  }

  @Test
  void acceptsClockSkewOfUpTo60Seconds() throws Exception {
    accepted(
        jwt().issuedAt(NOW.minusSeconds(330)).lifetimeSeconds(300)::header); // expired 30 s ago
    accepted(jwt().issuedAt(NOW.plusSeconds(30))::header); // issued 30 s in the future
    rejected(jwt().issuedAt(NOW.minusSeconds(400)).lifetimeSeconds(300)::header);
    rejected(jwt().issuedAt(NOW.plusSeconds(120))::header);
  }

  @Test
  void rejectsAMissingHeaderOrAnotherScheme() {
    assertThat(description(rejected(() -> null))).contains("Missing Authorization");
    String token = jwt().token();
    ApiException e = rejected(() -> "Bearer " + token);
    assertThat(description(e)).contains("ScaleJwt").doesNotContain(token);
    assertThat(e.getResponseBody()).doesNotContain(token);
    rejected(() -> "ScaleJwt");
    rejected(() -> "ScaleJwt not-a-jwt");
    rejected(() -> "ScaleJwt a.b.c");
  }

  @Test
  void rejectsBadSignaturesAndUnknownKeys() {
    assertThat(
            description(
                rejected(
                    TestJwt.with(other.getPrivate(), "sandbox-key").issuer(ISSUER).issuedAt(NOW)
                        ::header)))
        .contains("signature");
    assertThat(description(rejected(jwt().kid("unknown-key")::header))).contains("key id");
    // a valid signature of another trusted key under the wrong kid
    rejected(TestJwt.with(secondKey, "sandbox-key").issuer(ISSUER).issuedAt(NOW)::header);
    String token = jwt().token();
    String tampered =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    rejected(() -> "ScaleJwt " + tampered);
  }

  @Test
  void rejectsOtherAlgorithms() {
    assertThat(description(rejected(jwt().alg("none")::header))).contains("RS256");
    rejected(jwt().alg("HS256")::header);
    rejected(jwt().alg("RS512")::header);
  }

  @Test
  void rejectsExpiredAndWrongIssuer() {
    assertThat(description(rejected(jwt().issuedAt(NOW.minusSeconds(3600))::header)))
        .contains("expired");
    assertThat(description(rejected(jwt().issuer("someone-else")::header))).contains("iss");
  }

  @Test
  void rejectsTokensWithoutTimes() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"sandbox-key\"}".getBytes());
    String body = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\"}").getBytes());
    rejected(() -> "ScaleJwt " + header + "." + body + ".c2ln");
  }

  @Test
  void rejectedCallsAreNotApplied() {
    Clients api = Clients.withAuthorization(sandbox, jwt().issuer("x")::header);
    expectStatus(401, () -> api.licensees.setupOrganization(new Licensee().name("Nope")));
    assertThat(sandbox.snapshot().licensees()).isEmpty();
    assertThat(sandbox.journal().entries("setupOrganization"))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void builderRefusesWeakOrNoKeys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    KeyPair weak = gen.generateKeyPair();
    assertThatThrownBy(() -> ScaleSandbox.builder().trustKey("weak", weak.getPublic()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    assertThatThrownBy(() -> ScaleSandbox.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ScaleSandbox.builder().host("192.0.2.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
