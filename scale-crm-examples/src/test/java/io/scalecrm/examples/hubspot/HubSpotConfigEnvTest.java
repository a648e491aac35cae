package io.scalecrm.examples.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.spi.CrmQuery;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HubSpotConfig#fromEnvironment}: every setting, and every problem at once. */
class HubSpotConfigEnvTest {
  private static final String TOKEN = "pat-na1-env-secret-0000-1111";

  @Test
  void theTokenAloneGivesTheDefaults() {
    HubSpotConfig config = HubSpotConfig.fromEnvironment(Map.of("HUBSPOT_TOKEN", TOKEN));

    assertThat(config.token().reveal()).isEqualTo(TOKEN);
    assertThat(config.baseUrl()).isEqualTo(HubSpotConfig.DEFAULT_BASE_URL);
    assertThat(config.pathVersion()).isEqualTo(HubSpotConfig.PathVersion.DATED);
    assertThat(config.wonDealProperty()).isEqualTo("hs_is_closed_won");
    assertThat(config.cancelledDealValues()).containsExactly("closedlost");
    assertThat(config.scaleIdProperty()).isNull();
    assertThat(config.b2cProperty()).isNull();
  }

  @Test
  void everySettingComesFromItsVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("HUBSPOT_TOKEN", TOKEN);
    env.put("HUBSPOT_BASE_URL", "https://hubspot.example.com/");
    env.put("HUBSPOT_PATH_VERSION", "legacy");
    env.put("HUBSPOT_API_DATE", "2026-09");
    env.put("HUBSPOT_WON_PROPERTY", "dealstage");
    env.put("HUBSPOT_WON_VALUE", "closedwon");
    env.put("HUBSPOT_CANCELLED_PROPERTY", "pipeline_stage");
    env.put("HUBSPOT_CANCELLED_VALUES", "lost, cancelled");
    env.put("HUBSPOT_SKU_PROPERTY", "config_id");
    env.put("HUBSPOT_B2C_PROPERTY", "kind");
    env.put("HUBSPOT_B2C_VALUE", "person");
    env.put("HUBSPOT_EMAIL_PROPERTY", "billing_email");
    env.put("HUBSPOT_DISPLAY_NAME_PROPERTY", "short_name");
    env.put("HUBSPOT_CONTACT_INFO_PROPERTY", "address_block");
    env.put("HUBSPOT_OTHER_ID_PROPERTIES", "vat=vat_number, duns=duns_number");
    env.put("HUBSPOT_IDENTITY_PROPERTY", "idp_subject");
    env.put("HUBSPOT_INACTIVE_PROPERTY", "status");
    env.put("HUBSPOT_INACTIVE_VALUE", "left");
    env.put("HUBSPOT_SUBSCRIPTION_PROPERTY", "sub_ref");
    env.put("HUBSPOT_CONTRACT_PROPERTY", "contract_ref");
    env.put("HUBSPOT_LINE_CANCELLED_PROPERTY", "line_status");
    env.put("HUBSPOT_LINE_CANCELLED_VALUE", "cancelled");
    env.put("HUBSPOT_LINE_CANCELLED_AT_PROPERTY", "cancelled_on");
    env.put("HUBSPOT_SCALE_ID_PROPERTY", "scale_id");
    env.put("HUBSPOT_MAX_RETRIES", "2");
    env.put("HUBSPOT_RETRY_BACKOFF", "PT0.5S");
    env.put("HUBSPOT_REQUEST_TIMEOUT", "pt10s");
    env.put("HUBSPOT_SEARCH_INDEX_LAG", "PT1M");

    HubSpotConfig c = HubSpotConfig.fromEnvironment(env);

    assertThat(c.baseUrl()).isEqualTo(URI.create("https://hubspot.example.com"));
    assertThat(c.pathVersion()).isEqualTo(HubSpotConfig.PathVersion.LEGACY);
    assertThat(c.apiDate()).isEqualTo("2026-09");
    assertThat(c.wonDealProperty()).isEqualTo("dealstage");
    assertThat(c.wonDealValue()).isEqualTo("closedwon");
    assertThat(c.cancelledDealProperty()).isEqualTo("pipeline_stage");
    assertThat(c.cancelledDealValues()).containsExactly("lost", "cancelled");
    assertThat(c.skuProperty()).isEqualTo("config_id");
    assertThat(c.b2cProperty()).isEqualTo("kind");
    assertThat(c.b2cValue()).isEqualTo("person");
    assertThat(c.companyEmailProperty()).isEqualTo("billing_email");
    assertThat(c.companyDisplayNameProperty()).isEqualTo("short_name");
    assertThat(c.companyContactInfoProperty()).isEqualTo("address_block");
    assertThat(c.companyOtherIdProperties())
        .containsExactly(Map.entry("vat", "vat_number"), Map.entry("duns", "duns_number"));
    assertThat(c.contactIdentityProperty()).isEqualTo("idp_subject");
    assertThat(c.contactInactiveProperty()).isEqualTo("status");
    assertThat(c.contactInactiveValue()).isEqualTo("left");
    assertThat(c.lineSubscriptionProperty()).isEqualTo("sub_ref");
    assertThat(c.lineContractProperty()).isEqualTo("contract_ref");
    assertThat(c.lineCancelledProperty()).isEqualTo("line_status");
    assertThat(c.lineCancelledValue()).isEqualTo("cancelled");
    assertThat(c.lineCancelledAtProperty()).isEqualTo("cancelled_on");
    assertThat(c.scaleIdProperty()).isEqualTo("scale_id");
    assertThat(c.maxRetries()).isEqualTo(2);
    assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.searchIndexLag()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void noneTurnsCancelledDealsOffAndValuesDefault() {
    HubSpotConfig c =
        HubSpotConfig.fromEnvironment(
            Map.of(
                "HUBSPOT_TOKEN", TOKEN,
                "HUBSPOT_CANCELLED_VALUES", "none",
                "HUBSPOT_B2C_PROPERTY", "kind",
                "HUBSPOT_INACTIVE_PROPERTY", "inactive"));

    assertThat(c.cancelledDealValues()).isEmpty();
    assertThat(c.b2cValue()).isEqualTo("B2C");
    assertThat(c.contactInactiveValue()).isEqualTo("true");
  }

  @Test
  void everyProblemIsReportedAtOnceByVariableNameWithoutValues() {
    Map<String, String> env = new HashMap<>();
    env.put("HUBSPOT_BASE_URL", "http://hubspot.example.com?token=" + TOKEN);
    env.put("HUBSPOT_PATH_VERSION", "v3");
    env.put("HUBSPOT_API_DATE", "March");
    env.put("HUBSPOT_SKU_PROPERTY", "hs sku");
    env.put("HUBSPOT_B2C_VALUE", "B2C");
    env.put("HUBSPOT_OTHER_ID_PROPERTIES", "vat");
    env.put("HUBSPOT_LINE_CANCELLED_AT_PROPERTY", "cancelled_on");
    env.put("HUBSPOT_MAX_RETRIES", "many");
    env.put("HUBSPOT_REQUEST_TIMEOUT", "30s");
    env.put("HUBSPOT_SCALE_ID_PROPERTY", TOKEN);

    assertThatThrownBy(() -> HubSpotConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            IllegalArgumentException.class,
            e -> {
              List<String> lines = e.getMessage().lines().toList();
              assertThat(lines)
                  .hasSize(11)
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_TOKEN is not set"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_BASE_URL must be an https"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_PATH_VERSION must be"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_API_DATE must"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_SKU_PROPERTY must"))
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .isEqualTo(
                                  "HUBSPOT_B2C_VALUE is set but HUBSPOT_B2C_PROPERTY is not"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_OTHER_ID_PROPERTIES must"))
                  .anySatisfy(
                      l -> assertThat(l).startsWith("HUBSPOT_LINE_CANCELLED_AT_PROPERTY is set"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_MAX_RETRIES must"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_REQUEST_TIMEOUT must"))
                  .anySatisfy(l -> assertThat(l).startsWith("HUBSPOT_SCALE_ID_PROPERTY must"));
              assertThat(e.getMessage()).doesNotContain(TOKEN, "v3", "March", "hs sku", "many");
            });
  }

  @Test
  void aConfigFromTheEnvironmentReadsTheFake() {
    try (FakeHubSpot fake = FakeHubSpot.start()) {
      fake.company("101", "Acme", HubSpotTestSupport.at(1));
      HubSpotAdapter adapter =
          new HubSpotAdapter(
              HubSpotConfig.builderFromEnvironment(
                      Map.of(
                          "HUBSPOT_TOKEN",
                          FakeHubSpot.TOKEN,
                          "HUBSPOT_BASE_URL",
                          fake.baseUrl().toString(),
                          "HUBSPOT_SEARCH_INDEX_LAG",
                          "PT0S"))
                  .build());

      assertThat(adapter.accounts(CrmQuery.first(null, 10)).records()).hasSize(1);
    }
  }

  @Test
  void theTokenTravelsOnlyOverHttps() {
    HubSpotConfig.Builder b = HubSpotConfig.builder();
    assertThatThrownBy(() -> b.baseUrl(URI.create("http://api.hubapi.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    b.baseUrl(URI.create("http://127.0.0.1:8080")).baseUrl(URI.create("http://localhost:1"));
  }
}
