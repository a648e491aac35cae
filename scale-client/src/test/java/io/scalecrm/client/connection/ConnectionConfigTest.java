package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.scalecrm.client.Idempotency;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleJwtCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionConfigTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private static ScaleJwtCredentials.Builder creds() {
    return ScaleJwtCredentials.builder()
        .keyId(Fixtures.KEY_ID)
        .issuer(Fixtures.ISSUER)
        .subject(Fixtures.SUBJECT);
  }

  private static Map<String, String> env(String baseUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("SCALE_API_URL", baseUrl);
    env.put("SCALE_JWT_KEY_ID", "env-kid");
    env.put("SCALE_JWT_ISSUER", "env-iss");
    env.put("SCALE_JWT_SUBJECT", "env-sub");
    env.put("SCALE_PRIVATE_KEY", TestKeys.pem(TestKeys.main().getPrivate()));
    return env;
  }

  /** Makes one call and returns the JWT the server saw. */
  private static SignedJWT callAndCaptureJwt(ScaleConnection c) throws Exception {
    wm.stubFor(
        get(urlPathEqualTo("/licensees")).willReturn(aResponse().withStatus(200).withBody("[]")));
    c.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> c.licensees().listLicensees(null, null, null, null));
    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests =
        wm.findAll(getRequestedFor(urlPathEqualTo("/licensees")));
    String auth = requests.get(requests.size() - 1).getHeader("Authorization");
    SignedJWT jwt = SignedJWT.parse(auth.substring("ScaleJwt ".length()));
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.main().getPublic()))).isTrue();
    return jwt;
  }

  // --- base URL ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://scale.example.com/api",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://localhost.evil.example",
        "http://[2001:db8::1]/api"
      })
  void plainHttpIsRefusedForNonLoopbackHosts(String url) {
    assertThatThrownBy(
            () ->
                ScaleConnection.builder().baseUrl(url).credentials(Fixtures.credentials()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080",
        "http://LOCALHOST:8080/api",
        "http://127.0.0.1:9/api",
        "http://127.45.6.7",
        "http://[::1]:8080",
        "https://scale.example.com/api",
        "https://10.0.0.1"
      })
  void httpsAnywhereAndHttpOnLoopbackAreAccepted(String url) {
    try (ScaleConnection c =
        ScaleConnection.builder().baseUrl(url).credentials(Fixtures.credentials()).build()) {
      assertThat(c.baseUrl().toString()).isEqualToIgnoringCase(url);
    }
  }

  @Test
  void trailingSlashIsRemoved() {
    try (ScaleConnection c =
        ScaleConnection.builder()
            .baseUrl(URI.create("https://scale.example.com/api/"))
            .credentials(Fixtures.credentials())
            .build()) {
      assertThat(c.baseUrl()).isEqualTo(URI.create("https://scale.example.com/api"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://scale.example.com",
        "scale.example.com/api",
        "https://u:p@scale.example.com",
        "https://scale.example.com/?q=1"
      })
  void otherBadBaseUrlsAreRefused(String url) {
    Throwable e =
        catchThrowable(
            () ->
                ScaleConnection.builder().baseUrl(url).credentials(Fixtures.credentials()).build());
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.getMessage()).doesNotContain("u:p");
  }

  @Test
  void missingBaseUrlAndCredentialsAreReported() {
    assertThatThrownBy(() -> ScaleConnection.builder().credentials(Fixtures.credentials()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl")
        .hasMessageContaining("SCALE_API_URL");
    assertThatThrownBy(() -> ScaleConnection.builder().baseUrl("https://scale.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void defaultsAreDocumentedValues() {
    try (ScaleConnection c =
        ScaleConnection.builder()
            .baseUrl("https://scale.example.com")
            .credentials(Fixtures.credentials())
            .build()) {
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.retryPolicy()).isEqualTo(RetryPolicy.defaults());
      assertThat(c.userAgent()).startsWith("scale-crm-sync/").doesNotEndWith(" ");
    }
    ScaleJwtCredentials creds = Fixtures.credentials();
    assertThat(creds.permissions()).containsExactly("*.*");
    assertThat(creds.validity()).isEqualTo(Duration.ofMinutes(5));
    assertThat(creds.refreshLeeway()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void ownHttpClientIsUsedAndConnectTimeoutCannotBeCombinedWithIt() throws Exception {
    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ScaleConnection c =
        ScaleConnection.builder()
            .baseUrl(wm.baseUrl())
            .credentials(Fixtures.credentials())
            .httpClient(own)
            .build()) {
      callAndCaptureJwt(c);
    }
    assertThatThrownBy(
            () ->
                ScaleConnection.builder()
                    .baseUrl(wm.baseUrl())
                    .credentials(Fixtures.credentials())
                    .httpClient(own)
                    .connectTimeout(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void userAgentSuffixMustBeAHeaderSafeToken() {
    assertThatThrownBy(() -> ScaleConnection.builder().userAgentSuffix("evil\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- keys ---

  @Test
  void rsaKeysBelow2048BitsAreRefused() {
    KeyPair small = TestKeys.generate(1024);

    assertThatThrownBy(() -> creds().privateKey(small.getPrivate()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024")
        .hasMessageContaining("2048");
  }

  @Test
  void malformedPemIsRefusedWithoutEchoingIt() {
    String pem = TestKeys.pem(TestKeys.main().getPrivate());
    // corrupt the DER inside an otherwise well-formed PEM
    String corrupted = pem.replace("MII", "MIX");
    String truncated = pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n";
    String noMarkers = pem.replace("-----BEGIN PRIVATE KEY-----", "");

    for (String bad : List.of(corrupted, truncated, noMarkers, pem.replace('A', '!'))) {
      Throwable e = catchThrowable(() -> creds().privateKeyPem(bad).build());
      assertThat(e).isInstanceOf(IllegalArgumentException.class);
      String text = e.toString();
      for (String line : bad.split("\n")) {
        if (line.length() > 8 && !line.startsWith("-----")) {
          assertThat(text).doesNotContain(line);
        }
      }
      assertThat(e.getCause()).isNull();
    }
  }

  @Test
  void pkcs1PemExplainsTheOpensslConversion() {
    String pkcs1 =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretsecretsecret\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> creds().privateKeyPem(pkcs1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
        .hasMessageContaining("BEGIN PRIVATE KEY")
        .hasMessageNotContaining("secretsecret");
  }

  @Test
  void nonRsaKeysAreRefused() throws Exception {
    java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    KeyPair pair = ec.generateKeyPair();

    assertThatThrownBy(() -> creds().privateKey(pair.getPrivate()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RSA");
    assertThatThrownBy(() -> creds().privateKeyPem(TestKeys.pem(pair.getPrivate())).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RSA");
  }

  @Test
  void pemFromStringSigns() throws Exception {
    ScaleJwtCredentials c =
        creds().privateKeyPem(TestKeys.pem(TestKeys.main().getPrivate())).build();

    callAndCaptureJwt(ScaleConnection.builder().baseUrl(wm.baseUrl()).credentials(c).build());
  }

  @Test
  void pemFromFileSigns() throws Exception {
    Path file = tmp.resolve("scale-key.pem");
    Files.writeString(file, TestKeys.pem(TestKeys.main().getPrivate()), StandardCharsets.US_ASCII);
    ScaleJwtCredentials c = creds().privateKeyFile(file).build();

    callAndCaptureJwt(ScaleConnection.builder().baseUrl(wm.baseUrl()).credentials(c).build());
  }

  @Test
  void missingKeyFileIsReported() {
    Path missing = tmp.resolve("nope.pem");

    assertThatThrownBy(() -> creds().privateKeyFile(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.pem");
  }

  @Test
  void credentialsValidateTheirSettings() {
    String pem = TestKeys.pem(TestKeys.main().getPrivate());
    assertThatThrownBy(
            () -> ScaleJwtCredentials.builder().issuer("i").subject("s").privateKeyPem(pem).build())
        .hasMessageContaining("keyId");
    assertThatThrownBy(() -> creds().build()).hasMessageContaining("privateKey");
    assertThatThrownBy(() -> creds().privateKeyPem(pem).permissions(List.of()).build())
        .hasMessageContaining("permissions");
    assertThatThrownBy(() -> creds().privateKeyPem(pem).validity(Duration.ofSeconds(20)).build())
        .hasMessageContaining("refreshLeeway");
  }

  @Test
  void toStringsShowNoSecrets() {
    String pem = TestKeys.pem(TestKeys.main().getPrivate());
    ScaleJwtCredentials c = creds().privateKeyPem(pem).build();
    try (ScaleConnection conn =
        ScaleConnection.builder().baseUrl("https://scale.example.com").credentials(c).build()) {
      assertThat(c.toString())
          .isEqualTo(
              "ScaleJwtCredentials[keyId="
                  + Fixtures.KEY_ID
                  + ", issuer="
                  + Fixtures.ISSUER
                  + ", subject="
                  + Fixtures.SUBJECT
                  + "]");
      assertThat(conn.toString()).contains("https://scale.example.com", Fixtures.KEY_ID);
      for (String line : pem.split("\n")) {
        if (!line.startsWith("-----")) {
          assertThat(conn.toString()).doesNotContain(line);
        }
      }
    }
  }

  // --- environment ---

  @Test
  void fromEnvironmentBuildsAWorkingConnection() throws Exception {
    Map<String, String> env = env(wm.baseUrl());
    env.put("SCALE_JWT_PERMISSIONS", " License.read, Licensee.create ,");
    env.put("SCALE_CONNECT_TIMEOUT", "PT3S");
    env.put("SCALE_READ_TIMEOUT", "PT7S");
    env.put("SCALE_MAX_ATTEMPTS", "2");

    try (ScaleConnection c = ScaleConnection.builder().fromEnvironment(env).build()) {
      assertThat(c.baseUrl()).isEqualTo(URI.create(wm.baseUrl()));
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(c.retryPolicy().maxAttempts()).isEqualTo(2);

      SignedJWT jwt = callAndCaptureJwt(c);
      assertThat(jwt.getHeader().getKeyID()).isEqualTo("env-kid");
      assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("env-iss");
      assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("env-sub");
      assertThat(jwt.getJWTClaimsSet().getStringListClaim("permissions"))
          .containsExactly("License.read", "Licensee.create");
    }
  }

  @Test
  void pemFromEnvironmentMayUseEscapedNewlines() throws Exception {
    Map<String, String> env = env(wm.baseUrl());
    env.put("SCALE_PRIVATE_KEY", env.get("SCALE_PRIVATE_KEY").replace("\n", "\\n"));

    callAndCaptureJwt(ScaleConnection.builder().fromEnvironment(env).build());
  }

  @Test
  void keyFileFromEnvironment() throws Exception {
    Path file = tmp.resolve("k.pem");
    Files.writeString(file, TestKeys.pem(TestKeys.main().getPrivate()), StandardCharsets.US_ASCII);
    Map<String, String> env = env(wm.baseUrl());
    env.remove("SCALE_PRIVATE_KEY");
    env.put("SCALE_PRIVATE_KEY_FILE", file.toString());

    callAndCaptureJwt(ScaleConnection.builder().fromEnvironment(env).build());
  }

  @Test
  void builderSettingsWinOverEnvironmentWhateverTheOrder() {
    Map<String, String> env = env("https://from-env.example.com");
    env.put("SCALE_READ_TIMEOUT", "PT7S");

    try (ScaleConnection before =
            ScaleConnection.builder()
                .baseUrl("https://explicit.example.com")
                .readTimeout(Duration.ofSeconds(2))
                .fromEnvironment(env)
                .build();
        ScaleConnection after =
            ScaleConnection.builder()
                .fromEnvironment(env)
                .baseUrl("https://explicit.example.com")
                .credentials(Fixtures.credentials())
                .build()) {
      assertThat(before.baseUrl().getHost()).isEqualTo("explicit.example.com");
      assertThat(before.readTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(before.toString()).contains("env-kid");
      assertThat(after.baseUrl().getHost()).isEqualTo("explicit.example.com");
      assertThat(after.readTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(after.toString()).contains(Fixtures.KEY_ID).doesNotContain("env-kid");
    }
  }

  @Test
  void environmentProblemsNameTheVariable() {
    Map<String, String> missing = env("https://scale.example.com");
    missing.remove("SCALE_JWT_ISSUER");
    missing.remove("SCALE_PRIVATE_KEY");
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(missing).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SCALE_JWT_ISSUER")
        .hasMessageContaining("SCALE_PRIVATE_KEY_FILE")
        .hasMessageNotContaining("SCALE_JWT_KEY_ID");

    Map<String, String> badTimeout = env("https://scale.example.com");
    badTimeout.put("SCALE_READ_TIMEOUT", "30s");
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(badTimeout).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SCALE_READ_TIMEOUT")
        .hasMessageContaining("PT10S");

    Map<String, String> badAttempts = env("https://scale.example.com");
    badAttempts.put("SCALE_MAX_ATTEMPTS", "0");
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(badAttempts).build())
        .hasMessageContaining("SCALE_MAX_ATTEMPTS");

    Map<String, String> badPem = env("https://scale.example.com");
    String secretLooking =
        "-----BEGIN PRIVATE KEY-----\nTOPSECRETmaterial\n-----END PRIVATE KEY-----";
    badPem.put("SCALE_PRIVATE_KEY", secretLooking);
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(badPem).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SCALE_PRIVATE_KEY")
        .hasMessageNotContaining("TOPSECRET");

    Map<String, String> both = env("https://scale.example.com");
    both.put("SCALE_PRIVATE_KEY_FILE", "/tmp/x.pem");
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(both).build())
        .hasMessageContaining("only one");

    Map<String, String> plainHttp = env("http://scale.example.com");
    assertThatThrownBy(() -> ScaleConnection.builder().fromEnvironment(plainHttp).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://");
  }
}
