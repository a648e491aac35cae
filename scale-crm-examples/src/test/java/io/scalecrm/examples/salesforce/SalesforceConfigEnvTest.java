package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.CLOCK;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.KEYS;
import static io.scalecrm.examples.salesforce.SalesforceTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.CrmQuery;
import io.scalecrm.crm.spi.CrmRecordType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SalesforceConfig#fromEnvironment}: both OAuth flows, every setting, every problem. */
class SalesforceConfigEnvTest {
  private static final String SECRET = "env-consumer-secret-do-not-echo-42";

  @TempDir Path dir;

  private static String pkcs8Pem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(KEYS.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Test
  void clientCredentialsWithTheMyDomainUrl() {
    SalesforceConfig c =
        SalesforceConfig.fromEnvironment(
            Map.of(
                "SALESFORCE_CLIENT_ID", "3MVG9.id",
                "SALESFORCE_CLIENT_SECRET", SECRET,
                "SALESFORCE_LOGIN_URL", "https://acme.my.salesforce.com"));

    assertThat(c.flow()).isEqualTo(SalesforceConfig.OAuthFlow.CLIENT_CREDENTIALS);
    assertThat(c.clientId()).isEqualTo("3MVG9.id");
    assertThat(c.clientSecret()).isEqualTo(SECRET);
    assertThat(c.loginUrl()).isEqualTo(URI.create("https://acme.my.salesforce.com"));
    assertThat(c.cancelledStatuses()).containsExactly("Cancelled");
    assertThat(c.toString()).doesNotContain(SECRET);
  }

  @Test
  void clientCredentialsWithoutTheMyDomainUrlAreRefusedSayingWhy() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFORCE_CLIENT_ID", "3MVG9.id");
    env.put("SALESFORCE_CLIENT_SECRET", SECRET);

    assertThatThrownBy(() -> SalesforceConfig.fromEnvironment(env))
        .hasMessageStartingWith("SALESFORCE_LOGIN_URL is not set")
        .hasMessageContaining("My Domain")
        .hasMessageNotContaining(SECRET);
    env.put("SALESFORCE_LOGIN_URL", "https://login.salesforce.com");
    assertThatThrownBy(() -> SalesforceConfig.fromEnvironment(env))
        .hasMessageContaining("SALESFORCE_LOGIN_URL")
        .hasMessageContaining("My Domain")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void jwtBearerFromAKeyFileLogsInToTheFake() throws Exception {
    Path key = dir.resolve("key.pem");
    Files.writeString(key, pkcs8Pem());
    try (FakeSalesforce fake = FakeSalesforce.start(CLOCK)) {
      fake.trustJwt((RSAPublicKey) KEYS.getPublic(), fake.url());
      fake.account("001A00000000001AAA", "Acme", T0);
      SalesforceConfig c =
          SalesforceConfig.builderFromEnvironment(
                  Map.of(
                      "SALESFORCE_CLIENT_ID",
                      FakeSalesforce.CLIENT_ID,
                      "SALESFORCE_USERNAME",
                      FakeSalesforce.USERNAME,
                      "SALESFORCE_PRIVATE_KEY_FILE",
                      key.toString(),
                      "SALESFORCE_LOGIN_URL",
                      fake.url()))
              .clock(CLOCK)
              .build();

      assertThat(c.flow()).isEqualTo(SalesforceConfig.OAuthFlow.JWT_BEARER);
      assertThat(SalesforceAdapter.create(c).accounts(CrmQuery.first(null, 10)).records())
          .hasSize(1);
    }
  }

  @Test
  void jwtBearerFromPemTextKeepsLoginSalesforceComAndItsAudience() {
    SalesforceConfig c =
        SalesforceConfig.fromEnvironment(
            Map.of(
                "SALESFORCE_CLIENT_ID", "3MVG9.id",
                "SALESFORCE_USERNAME", "integration@example.com",
                "SALESFORCE_PRIVATE_KEY", pkcs8Pem(),
                "SALESFORCE_AUDIENCE", "https://test.salesforce.com"));

    assertThat(c.loginUrl()).isEqualTo(SalesforceConfig.DEFAULT_LOGIN_URL);
    assertThat(c.audience()).isEqualTo("https://test.salesforce.com");
    assertThat(c.username()).contains("integration@example.com");
  }

  @Test
  void everySettingComesFromItsVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFORCE_CLIENT_ID", "3MVG9.id");
    env.put("SALESFORCE_CLIENT_SECRET", SECRET);
    env.put("SALESFORCE_LOGIN_URL", "https://acme.my.salesforce.com");
    env.put("SALESFORCE_API_VERSION", "v66.0");
    env.put("SALESFORCE_OBJECTS", "opportunity");
    env.put("SALESFORCE_SKU_FIELD", "Product2.StockKeepingUnit");
    env.put("SALESFORCE_B2C_FIELD", "IsPersonAccount");
    env.put("SALESFORCE_EMAIL_FIELD", "PersonEmail");
    env.put("SALESFORCE_CANCELLED_STATUSES", "Closed Lost, Refunded");
    env.put("SALESFORCE_INACTIVE_FIELD", "Status__c");
    env.put("SALESFORCE_INACTIVE_VALUE", "Left");
    env.put("SALESFORCE_LINE_CANCELLED_FIELD", "Line_Status__c");
    env.put("SALESFORCE_LINE_CANCELLED_VALUE", "Cancelled");
    env.put("SALESFORCE_LINE_CANCELLED_AT_FIELD", "Cancelled_On__c");
    env.put("SALESFORCE_WRITE_BACK_ACCOUNT_FIELD", "Scale_Licensee_Id__c");
    env.put("SALESFORCE_WRITE_BACK_CONTACT_FIELD", "Scale_Consumer_Id__c");
    env.put("SALESFORCE_WRITE_BACK_ORDER_FIELD", "Scale_Order_Id__c");
    env.put("SALESFORCE_WRITE_BACK_ORDER_LINE_FIELD", "Scale_License_Id__c");
    env.put("SALESFORCE_BATCH_SIZE", "500");
    env.put("SALESFORCE_MAX_RETRIES", "2");
    env.put("SALESFORCE_REQUEST_TIMEOUT", "PT45S");

    SalesforceConfig c = SalesforceConfig.fromEnvironment(env);

    assertThat(c.apiVersion()).isEqualTo("v66.0");
    assertThat(c.objectPair()).isEqualTo(SalesforceConfig.ObjectPair.OPPORTUNITY);
    assertThat(c.skuField()).isEqualTo("Product2.StockKeepingUnit");
    assertThat(c.b2cField()).contains("IsPersonAccount");
    assertThat(c.accountEmailField()).contains("PersonEmail");
    assertThat(c.cancelledStatuses()).containsExactly("Closed Lost", "Refunded");
    assertThat(c.contactInactiveField()).contains("Status__c");
    assertThat(c.contactInactiveValue()).isEqualTo("Left");
    assertThat(c.lineCancelledField()).contains("Line_Status__c");
    assertThat(c.lineCancelledValue()).isEqualTo("Cancelled");
    assertThat(c.lineCancelledAtField()).contains("Cancelled_On__c");
    assertThat(c.writeBackFields())
        .containsEntry(CrmRecordType.ACCOUNT, "Scale_Licensee_Id__c")
        .containsEntry(CrmRecordType.CONTACT, "Scale_Consumer_Id__c")
        .containsEntry(CrmRecordType.ORDER, "Scale_Order_Id__c")
        .containsEntry(CrmRecordType.ORDER_LINE, "Scale_License_Id__c");
    assertThat(c.batchSize()).isEqualTo(500);
    assertThat(c.maxRetries()).isEqualTo(2);
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void everyProblemIsReportedAtOnceByVariableNameWithoutValues() {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFORCE_USERNAME", "integration@example.com");
    env.put("SALESFORCE_PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIE" + SECRET);
    env.put("SALESFORCE_LOGIN_URL", "ftp://acme.example.com");
    env.put("SALESFORCE_OBJECTS", "Quote");
    env.put("SALESFORCE_SKU_FIELD", "Name FROM User --");
    env.put("SALESFORCE_INACTIVE_VALUE", "Left");
    env.put("SALESFORCE_WRITE_BACK_ACCOUNT_FIELD", "Owner.Scale_Id__c");
    env.put("SALESFORCE_BATCH_SIZE", "50");
    env.put("SALESFORCE_MAX_RETRIES", "eleven");
    env.put("SALESFORCE_REQUEST_TIMEOUT", "2 minutes");

    assertThatThrownBy(() -> SalesforceConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            IllegalArgumentException.class,
            e -> {
              List<String> lines = e.getMessage().lines().toList();
              assertThat(lines)
                  .hasSize(10)
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_CLIENT_ID is not set"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_LOGIN_URL must be"))
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .startsWith("SALESFORCE_PRIVATE_KEY is a PKCS#1 key")
                              .contains("openssl pkcs8"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_OBJECTS must be"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_SKU_FIELD must be"))
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .isEqualTo(
                                  "SALESFORCE_INACTIVE_VALUE is set but SALESFORCE_INACTIVE_FIELD"
                                      + " is not"))
                  .anySatisfy(
                      l -> assertThat(l).startsWith("SALESFORCE_WRITE_BACK_ACCOUNT_FIELD must"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_BATCH_SIZE must"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_MAX_RETRIES must"))
                  .anySatisfy(l -> assertThat(l).startsWith("SALESFORCE_REQUEST_TIMEOUT must"));
              assertThat(e.getMessage())
                  .doesNotContain(SECRET, "MIIE", "ftp://", "Quote", "eleven", "2 minutes");
            });
  }

  @Test
  void noFlowAndBothFlowsAreProblems() {
    assertThatThrownBy(() -> SalesforceConfig.fromEnvironment(Map.of()))
        .hasMessageContaining("SALESFORCE_CLIENT_ID is not set")
        .hasMessageContaining("No Salesforce login is set: set SALESFORCE_CLIENT_SECRET");
    assertThatThrownBy(
            () ->
                SalesforceConfig.fromEnvironment(
                    Map.of(
                        "SALESFORCE_CLIENT_ID", "id",
                        "SALESFORCE_CLIENT_SECRET", SECRET,
                        "SALESFORCE_USERNAME", "user@example.com")))
        .hasMessageContaining("not both")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(
            () ->
                SalesforceConfig.fromEnvironment(
                    Map.of(
                        "SALESFORCE_CLIENT_ID", "id",
                        "SALESFORCE_USERNAME", "user@example.com",
                        "SALESFORCE_PRIVATE_KEY_FILE", dir.resolve("missing.pem").toString())))
        .hasMessage("SALESFORCE_PRIVATE_KEY_FILE cannot be read (NoSuchFileException)");
  }
}
