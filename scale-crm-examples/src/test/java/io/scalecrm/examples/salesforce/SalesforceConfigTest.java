package io.scalecrm.examples.salesforce;

import static io.scalecrm.examples.salesforce.SalesforceTestSupport.KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.CrmRecordType;
import java.net.URI;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class SalesforceConfigTest {

  @Test
  void defaults() {
    SalesforceConfig config =
        SalesforceConfig.builder().jwtBearer("id", "user@example.com", KEYS.getPrivate()).build();

    assertThat(config.loginUrl()).isEqualTo(URI.create("https://login.salesforce.com"));
    assertThat(config.apiVersion()).isEqualTo("v62.0");
    assertThat(config.objectPair()).isEqualTo(SalesforceConfig.ObjectPair.ORDER);
    assertThat(config.skuField()).isEqualTo("Product2.ProductCode");
    assertThat(config.audience()).isEqualTo("https://login.salesforce.com");
    assertThat(config.batchSize()).isEqualTo(2000);
    assertThat(config.writeBackFields()).isEmpty();
    assertThat(SalesforceAdapter.create(config).system()).isEqualTo("salesforce");
  }

  @Test
  void clientCredentialsNeedTheOrgsMyDomainHost() {
    for (String generic :
        new String[] {
          "https://login.salesforce.com",
          "https://test.salesforce.com/",
          "https://LOGIN.salesforce.com"
        }) {
      assertThatThrownBy(
              () ->
                  SalesforceConfig.builder()
                      .loginUrl(URI.create(generic))
                      .clientCredentials("id", "s3cr3t-value")
                      .build())
          .as(generic)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("My Domain")
          .hasMessageContaining("loginUrl")
          .hasMessageNotContaining("s3cr3t-value");
    }
    // the default login URL is login.salesforce.com: client credentials alone are refused too
    assertThatThrownBy(
            () -> SalesforceConfig.builder().clientCredentials("id", "s3cr3t-value").build())
        .hasMessageContaining("My Domain");

    SalesforceConfig myDomain =
        SalesforceConfig.builder()
            .loginUrl(URI.create("https://acme.my.salesforce.com"))
            .clientCredentials("id", "s3cr3t-value")
            .build();
    assertThat(myDomain.flow()).isEqualTo(SalesforceConfig.OAuthFlow.CLIENT_CREDENTIALS);
    assertThat(myDomain.toString()).doesNotContain("s3cr3t-value");
    // JWT bearer may keep the shared hosts
    assertThat(
            SalesforceConfig.builder()
                .loginUrl(URI.create("https://test.salesforce.com"))
                .jwtBearer("id", "user@example.com", KEYS.getPrivate())
                .build()
                .loginUrl())
        .isEqualTo(URI.create("https://test.salesforce.com"));
  }

  @Test
  void jwtAudienceDefaultsToTheLoginUrl() {
    SalesforceConfig config =
        SalesforceConfig.builder()
            .loginUrl(URI.create("https://test.salesforce.com/"))
            .jwtBearer("id", "user@example.com", KEYS.getPrivate())
            .build();

    assertThat(config.audience()).isEqualTo("https://test.salesforce.com");
    assertThat(config.username()).contains("user@example.com");
    assertThat(config.toString()).doesNotContain("PRIVATE", "MII");
  }

  @Test
  void refusesToSendCredentialsInTheClear() {
    SalesforceConfig.Builder b = SalesforceConfig.builder();
    assertThatThrownBy(() -> b.loginUrl(URI.create("http://login.salesforce.com")))
        .hasMessageContaining("https");
    assertThatThrownBy(() -> b.loginUrl(URI.create("ftp://127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class);
    b.loginUrl(URI.create("http://127.0.0.1:8080"));
    b.loginUrl(URI.create("http://localhost:8080"));
  }

  @Test
  void fieldNamesCannotInjectSoql() {
    SalesforceConfig.Builder b = SalesforceConfig.builder();
    for (String bad :
        new String[] {
          "Name FROM User --", "Product2.ProductCode, (SELECT", "a.b.c", "", "1Field"
        }) {
      assertThatThrownBy(() -> b.skuField(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.accountEmailField(bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.b2cField(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> b.writeBackField(CrmRecordType.ACCOUNT, "Owner.Scale_Id__c"))
        .isInstanceOf(IllegalArgumentException.class);
    b.skuField("Product2.Scale_Product_Config_Id__c").skuField("Scale_Sku__c");
  }

  @Test
  void checksTheRest() throws Exception {
    SalesforceConfig.Builder b = SalesforceConfig.builder();
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OAuth");
    assertThatThrownBy(() -> b.apiVersion("62")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.batchSize(100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.clientCredentials("id", " "))
        .isInstanceOf(IllegalArgumentException.class);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    assertThatThrownBy(() -> b.jwtBearer("id", "user", ec.generateKeyPair().getPrivate()))
        .hasMessageContaining("RSA");
  }
}
