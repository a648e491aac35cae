package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.client.model.Licensee;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaleJwtAuthenticationTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock();
  private ScaleConnection connection;

  @BeforeEach
  void setUp() {
    wm.stubFor(
        get(urlPathEqualTo("/licensees")).willReturn(aResponse().withStatus(200).withBody("[]")));
    connection =
        Fixtures.connection(wm.baseUrl(), clock, new RecordingSleeper(clock))
            .userAgentSuffix("acme-billing/2.1")
            .build();
  }

  private void listLicensees() {
    connection.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> connection.licensees().listLicensees(null, null, null, null));
  }

  private List<String> sentAuthorizations() {
    return wm.findAll(getRequestedFor(urlPathEqualTo("/licensees"))).stream()
        .map(r -> r.getHeader("Authorization"))
        .collect(Collectors.toList());
  }

  private static String jwtOf(String authorization) {
    assertThat(authorization).startsWith("ScaleJwt ");
    return authorization.substring("ScaleJwt ".length());
  }

  private static JsonNode part(String jwt, int index) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
  }

  private static boolean jdkVerifies(String jwt, PublicKey key) throws Exception {
    int lastDot = jwt.lastIndexOf('.');
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
    return verifier.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
  }

  @Test
  void sendsScaleJwtHeaderWhoseSignatureVerifiesWithJdkAndNimbus() throws Exception {
    listLicensees();

    String jwt = jwtOf(sentAuthorizations().get(0));
    assertThat(jwt).doesNotContain("=").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(jdkVerifies(jwt, TestKeys.main().getPublic())).isTrue();
    assertThat(jdkVerifies(jwt, TestKeys.other().getPublic())).isFalse();

    SignedJWT parsed = SignedJWT.parse(jwt);
    assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.main().getPublic())))
        .isTrue();
    assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.other().getPublic())))
        .isFalse();
    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(parsed.getHeader().getKeyID()).isEqualTo(Fixtures.KEY_ID);
    JWTClaimsSet claims = parsed.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(Fixtures.ISSUER);
    assertThat(claims.getSubject()).isEqualTo(Fixtures.SUBJECT);
    // iat backdated by the default clock skew of 30 s; exp = iat + validity
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(MutableClock.START.minusSeconds(30));
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(MutableClock.START.minusSeconds(30).plus(Duration.ofMinutes(5)));
    assertThat(claims.getStringListClaim("permissions")).containsExactly("*.*");
  }

  @Test
  void headerAndClaimsHaveTheDocumentedJsonShape() throws Exception {
    listLicensees();
    String jwt = jwtOf(sentAuthorizations().get(0));

    JsonNode header = part(jwt, 0);
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(header.get("typ").asText()).isEqualTo("JWT");
    assertThat(header.get("kid").asText()).isEqualTo(Fixtures.KEY_ID);

    JsonNode claims = part(jwt, 1);
    assertThat(claims.get("iat").isIntegralNumber()).isTrue();
    assertThat(claims.get("exp").isIntegralNumber()).isTrue();
    assertThat(claims.get("iat").asLong()).isEqualTo(MutableClock.START.getEpochSecond() - 30);
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
    assertThat(UUID.fromString(claims.get("jti").asText())).isNotNull();
    assertThat(claims.get("permissions").isArray()).isTrue();
    assertThat(claims.get("iss").asText()).isEqualTo(Fixtures.ISSUER);
    assertThat(claims.get("sub").asText()).isEqualTo(Fixtures.SUBJECT);
  }

  @Test
  void customPermissionsAndValidityEndUpInTheToken() throws Exception {
    ScaleConnection custom =
        ScaleConnection.builder()
            .baseUrl(wm.baseUrl())
            .clock(clock)
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId("k2")
                    .issuer("iss2")
                    .subject("sub2")
                    .privateKey(TestKeys.main().getPrivate())
                    .permissions(List.of("License.read", "Licensee.create"))
                    .validity(Duration.ofHours(1))
                    .build())
            .build();
    custom.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> custom.licensees().listLicensees(null, null, null, null));

    JWTClaimsSet claims = SignedJWT.parse(jwtOf(sentAuthorizations().get(0))).getJWTClaimsSet();
    assertThat(claims.getStringListClaim("permissions"))
        .containsExactly("License.read", "Licensee.create");
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(MutableClock.START.minusSeconds(30).plus(Duration.ofHours(1)));
  }

  @Test
  void iatIsBackdatedByTheConfiguredClockSkewAndTheValidityIsKept() throws Exception {
    ScaleConnection custom =
        ScaleConnection.builder()
            .baseUrl(wm.baseUrl())
            .clock(clock)
            .credentials(
                ScaleJwtCredentials.builder()
                    .keyId("k2")
                    .issuer("iss2")
                    .subject("sub2")
                    .privateKey(TestKeys.main().getPrivate())
                    .clockSkew(Duration.ofSeconds(90))
                    .build())
            .build();
    custom.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> custom.licensees().listLicensees(null, null, null, null));

    JWTClaimsSet claims = SignedJWT.parse(jwtOf(sentAuthorizations().get(0))).getJWTClaimsSet();
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(MutableClock.START.minusSeconds(90));
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void clockSkewMustLeaveRoomForTheRefreshLeeway() {
    ScaleJwtCredentials.Builder b =
        ScaleJwtCredentials.builder()
            .keyId("k")
            .issuer("i")
            .subject("s")
            .privateKey(TestKeys.main().getPrivate())
            .validity(Duration.ofSeconds(60))
            .refreshLeeway(Duration.ofSeconds(30));
    assertThatThrownBy(() -> b.clockSkew(Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clockSkew + refreshLeeway shorter than validity");
    assertThatThrownBy(() -> b.clockSkew(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.clockSkew(Duration.ZERO).build().clockSkew()).isEqualTo(Duration.ZERO);
    assertThat(b.clockSkew(Duration.ofSeconds(29)).build().clockSkew())
        .isEqualTo(Duration.ofSeconds(29));
  }

  @Test
  void reusesTokenWithinValidityAndRenewsAtExpiryMinusLeeway() throws Exception {
    listLicensees();
    clock.advance(Duration.ofSeconds(100));
    listLicensees();
    // default validity 300 s from an iat backdated by 30 s, leeway 30 s: renewed 240 s after
    // minting; still reused one second before
    clock.advance(Duration.ofSeconds(139));
    listLicensees();
    clock.advance(Duration.ofSeconds(1)); // now exactly exp - leeway
    listLicensees();
    listLicensees();

    List<String> auth = sentAuthorizations();
    assertThat(auth).hasSize(5);
    assertThat(auth.get(1)).isEqualTo(auth.get(0));
    assertThat(auth.get(2)).isEqualTo(auth.get(0));
    assertThat(auth.get(3)).isNotEqualTo(auth.get(0));
    assertThat(auth.get(4)).isEqualTo(auth.get(3));

    JWTClaimsSet first = SignedJWT.parse(jwtOf(auth.get(0))).getJWTClaimsSet();
    JWTClaimsSet renewed = SignedJWT.parse(jwtOf(auth.get(3))).getJWTClaimsSet();
    assertThat(renewed.getJWTID()).isNotEqualTo(first.getJWTID());
    assertThat(renewed.getIssueTime().toInstant())
        .isEqualTo(MutableClock.START.plusSeconds(240 - 30));
    assertThat(
            SignedJWT.parse(jwtOf(auth.get(3)))
                .verify(new RSASSAVerifier((RSAPublicKey) TestKeys.main().getPublic())))
        .isTrue();
  }

  @Test
  void aRefusedTokenIsDiscardedAndTheCallRetriedOnceWithANewToken() throws Exception {
    listLicensees();
    wm.stubFor(
        get(urlPathEqualTo("/licensees"))
            .inScenario("refused once")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"Unauthorized\"}"))
            .willSetStateTo("accepted"));
    wm.stubFor(
        get(urlPathEqualTo("/licensees"))
            .inScenario("refused once")
            .whenScenarioStateIs("accepted")
            .willReturn(aResponse().withStatus(200).withBody("[]")));

    listLicensees(); // succeeds: the 401 is retried with a freshly minted token

    List<String> auth = sentAuthorizations();
    assertThat(auth).hasSize(3);
    assertThat(auth.get(1)).isEqualTo(auth.get(0)); // the cached token, refused
    assertThat(auth.get(2)).isNotEqualTo(auth.get(1));
    assertThat(SignedJWT.parse(jwtOf(auth.get(2))).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(jwtOf(auth.get(1))).getJWTClaimsSet().getJWTID());
    assertThat(
            SignedJWT.parse(jwtOf(auth.get(2)))
                .verify(new RSASSAVerifier((RSAPublicKey) TestKeys.main().getPublic())))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aSecondRefusalIsFinalForAnyCallEvenACreate(int status) {
    wm.stubFor(
        post(urlPathEqualTo("/licensees/actions/setup-organization"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withBody("{\"error\":\"Unauthorized\",\"description\":\"bad kid\"}")));

    ScaleAuthenticationException e =
        catchThrowableOfType(
            ScaleAuthenticationException.class,
            () ->
                connection.call(
                    "setupOrganization",
                    Idempotency.NON_IDEMPOTENT,
                    () -> connection.licensees().setupOrganization(new Licensee().name("Acme"))));

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isFalse();
    List<String> auth =
        wm
            .findAll(postRequestedFor(urlPathEqualTo("/licensees/actions/setup-organization")))
            .stream()
            .map(r -> r.getHeader("Authorization"))
            .collect(Collectors.toList());
    assertThat(auth).hasSize(2);
    assertThat(auth.get(1)).isNotEqualTo(auth.get(0));
    assertThat(e.getSuppressed()).hasSize(1);

    // the next call starts with yet another token, since the second one was refused too
    wm.resetRequests();
    catchThrowableOfType(ScaleAuthenticationException.class, this::listLicenseesRefused);
  }

  private void listLicenseesRefused() {
    wm.stubFor(get(urlPathEqualTo("/licensees")).willReturn(aResponse().withStatus(401)));
    listLicensees();
  }

  @Test
  void eachTokenHasItsOwnJti() throws Exception {
    for (int i = 0; i < 3; i++) {
      listLicensees();
      clock.advance(Duration.ofMinutes(10));
    }
    List<String> jtis =
        sentAuthorizations().stream()
            .map(
                a -> {
                  try {
                    return SignedJWT.parse(jwtOf(a)).getJWTClaimsSet().getJWTID();
                  } catch (java.text.ParseException e) {
                    throw new AssertionError(e);
                  }
                })
            .collect(Collectors.toList());
    assertThat(jtis).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void sendsUserAgentWithVersionJavaVersionAndSuffix() {
    listLicensees();
    LoggedRequest request = wm.findAll(getRequestedFor(urlPathEqualTo("/licensees"))).get(0);
    String ua = request.getHeader("User-Agent");
    assertThat(ua)
        .matches("scale-crm-sync/\\S+ java/\\S+ acme-billing/2\\.1")
        .contains(" java/" + System.getProperty("java.version") + " ")
        .isEqualTo(connection.userAgent());
  }

  @Test
  void viewsShareTheTokenCache() {
    ScaleConnection view = connection.withListener(new RecordingListener());
    listLicensees();
    view.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> view.licensees().listLicensees(null, null, null, null));
    List<String> auth = sentAuthorizations();
    assertThat(auth).hasSize(2);
    assertThat(auth.get(1)).isEqualTo(auth.get(0));
    assertThat(view.licensees()).isSameAs(connection.licensees());
  }
}
