package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.KEYS;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import io.scalecrm.crm.spi.CrmAccount;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.CrmPage;
import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.examples.salesforce.SalesforceTestSupport.RecordingSleeper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceAuthTest {

  private FakeSalesforce fake;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() {
    fake = FakeSalesforce.start(CLOCK);
    fake.trustJwt((RSAPublicKey) KEYS.getPublic(), fake.url());
    fake.account("001A00000000001AAA", "Acme GmbH", T0);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private SalesforceConfig.Builder jwtConfig(KeyPair keys) {
    return SalesforceConfig.builder()
        .loginUrl(URI.create(fake.url()))
        .jwtBearer(FakeSalesforce.CLIENT_ID, FakeSalesforce.USERNAME, keys.getPrivate())
        .clock(CLOCK)
        .sleeper(sleeper);
  }

  private static CrmPage<CrmAccount> firstPage(SalesforceAdapter adapter) {
    return adapter.accounts(CrmQuery.first(null, 100));
  }

  @Test
  void clientCredentialsFlowPostsTheFormAndUsesTheInstanceUrl() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());

    assertThat(firstPage(adapter).records())
        .extracting(CrmAccount::name)
        .containsExactly("Acme GmbH");

    assertThat(fake.tokenRequests()).hasSize(1);
    Map<String, String> form = form(fake.tokenRequests().get(0).body());
    assertThat(form)
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", FakeSalesforce.CLIENT_ID)
        .containsEntry("client_secret", FakeSalesforce.CLIENT_SECRET);
    FakeSalesforce.Recorded query = fake.apiRequests().get(0);
    assertThat(query.path()).isEqualTo("/services/data/v62.0/queryAll");
    assertThat(query.authorization()).startsWith("Bearer 00DFAKE");
  }

  @Test
  void theTokenIsCachedAcrossReads() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());

    firstPage(adapter);
    adapter.contacts(CrmQuery.first(null, 10));
    adapter.orders(CrmQuery.first(null, 10));

    assertThat(fake.tokensIssued()).isEqualTo(1);
    assertThat(fake.apiRequests()).hasSize(3);
  }

  @Test
  void wrongClientSecretFailsNotRetryableWithoutEchoingTheSecret() {
    String wrongSecret = "wrong-secret-do-not-echo-4711";
    SalesforceAdapter adapter =
        SalesforceAdapter.create(
            SalesforceTestSupport.config(fake, sleeper)
                .clientCredentials(FakeSalesforce.CLIENT_ID, wrongSecret)
                .build());

    CrmAdapterException e =
        catchThrowableOfType(CrmAdapterException.class, () -> firstPage(adapter));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("token request", "invalid_client")
        .doesNotContain(wrongSecret);
    assertThat(adapter.toString()).doesNotContain(wrongSecret);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void jwtBearerFlowSendsAnRs256AssertionTheFakeVerifies() throws Exception {
    SalesforceAdapter adapter = SalesforceAdapter.create(jwtConfig(KEYS).build());

    assertThat(firstPage(adapter).records()).hasSize(1);

    Map<String, String> form = form(fake.tokenRequests().get(0).body());
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(FakeSalesforce.CLIENT_ID);
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(FakeSalesforce.USERNAME);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(fake.url());
    Duration lifetime =
        Duration.between(CLOCK.instant(), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(3));
    // unpadded Base64url, as JWS compact serialisation requires
    assertThat(form.get("assertion")).doesNotContain("=", "+", "/");
  }

  @Test
  void jwtSignedWithAnotherKeyIsRefused() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(jwtConfig(SalesforceTestSupport.OTHER_KEYS).build());

    CrmAdapterException e =
        catchThrowableOfType(CrmAdapterException.class, () -> firstPage(adapter));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("invalid_grant", "JWT_BEARER");
    assertThat(fake.apiRequests()).isEmpty();
  }

  @Test
  void jwtWithTheWrongAudienceIsRefused() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(jwtConfig(KEYS).audience("https://test.salesforce.com").build());

    CrmAdapterException e =
        catchThrowableOfType(CrmAdapterException.class, () -> firstPage(adapter));

    assertThat(e.getMessage()).contains("invalid_grant", "audience");
  }

  @Test
  void expiredSessionIsRenewedOnceAndTheRequestRepeated() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());
    firstPage(adapter);

    fake.expireSessions();
    CrmPage<CrmAccount> page = firstPage(adapter);

    assertThat(page.records()).hasSize(1);
    assertThat(fake.tokensIssued()).isEqualTo(2);
    assertThat(fake.apiRequests()).hasSize(3); // ok, 401, ok
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void sessionRejectedAfterRenewalFailsNotRetryable() {
    SalesforceAdapter adapter =
        SalesforceAdapter.create(SalesforceTestSupport.config(fake, sleeper).build());
    fake.rejectAllSessions(true);

    CrmAdapterException e =
        catchThrowableOfType(CrmAdapterException.class, () -> firstPage(adapter));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("INVALID_SESSION_ID", "401");
    assertThat(fake.tokensIssued()).isEqualTo(2);
    assertThat(fake.apiRequests()).hasSize(2);
    for (FakeSalesforce.Recorded r : fake.apiRequests()) {
      String token = r.authorization().substring("Bearer ".length());
      assertThat(e.getMessage()).doesNotContain(token);
    }
  }

  @Test
  void secretsNeverAppearInToStringOrMessages() {
    SalesforceConfig cc = SalesforceTestSupport.config(fake, sleeper).build();
    SalesforceConfig jwt = jwtConfig(KEYS).build();
    String keyBase64 = Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());
    SalesforceAdapter adapter = SalesforceAdapter.create(cc);
    firstPage(adapter);
    String token = fake.apiRequests().get(0).authorization().substring("Bearer ".length());

    fake.serverErrorAlways(true);
    CrmAdapterException down =
        catchThrowableOfType(CrmAdapterException.class, () -> firstPage(adapter));

    for (String text :
        new String[] {
          cc.toString(),
          jwt.toString(),
          adapter.toString(),
          SalesforceAdapter.create(jwt).toString(),
          down.getMessage(),
          new SalesforceClient.Session(token, URI.create(fake.url())).toString()
        }) {
      assertThat(text)
          .doesNotContain(FakeSalesforce.CLIENT_SECRET)
          .doesNotContain(token)
          .doesNotContain(keyBase64.substring(40, 80));
    }
    assertThat(cc.toString()).contains("credentials=(redacted)");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
