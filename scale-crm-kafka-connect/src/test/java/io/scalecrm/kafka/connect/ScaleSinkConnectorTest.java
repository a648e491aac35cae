package io.scalecrm.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.crm.AccountRemoval;
import io.scalecrm.crm.ContactRemoval;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.OrderCancellation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector's settings: validation, documentation, and that the key never shows. */
class ScaleSinkConnectorTest {
  private static TestScale scale;

  @BeforeAll
  static void startScale() {
    scale = TestScale.start();
  }

  @AfterAll
  static void stopScale() {
    scale.close();
  }

  private static Map<String, String> props(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>(scale.taskProps());
    p.putAll(overrides);
    return p;
  }

  private static Map<String, List<String>> errors(Config config) {
    return config.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void aCompleteConfigurationValidatesAndStartsOneTaskConfigPerTask() {
    ScaleSinkConnector connector = new ScaleSinkConnector();
    assertThat(errors(connector.validate(props(Map.of())))).isEmpty();
    connector.start(props(Map.of()));
    assertThat(connector.taskConfigs(3))
        .hasSize(3)
        .allSatisfy(c -> assertThat(c).isEqualTo(props(Map.of())));
    assertThat(connector.taskClass()).isEqualTo(ScaleSinkTask.class);
    assertThat(connector.version()).isEqualTo(new ScaleSinkTask().version()).isNotBlank();
  }

  @Test
  void everySettingIsDocumented() {
    new ScaleSinkConnector()
        .config()
        .configKeys()
        .values()
        .forEach(k -> assertThat(k.documentation).as(k.name).isNotBlank());
  }

  @Test
  void reportsEachProblemOnTheSettingItConcerns() {
    Map<String, String> p = props(Map.of(ScaleSinkConfig.SKU_MAP, "PRO-1Y=" + UUID.randomUUID()));
    p.remove(ScaleSinkConfig.SUBJECT);
    p.put(ScaleSinkConfig.SYSTEM, "Sales Force");
    p.put(ScaleSinkConfig.API_URL, "ftp://scale.example");
    p.put(ScaleSinkConfig.CONCURRENCY, "0");
    p.put(ScaleSinkConfig.CONTACT_REMOVAL, "FORGET");
    Map<String, List<String>> errors = errors(new ScaleSinkConnector().validate(p));
    assertThat(errors)
        .containsKeys(
            ScaleSinkConfig.SUBJECT,
            ScaleSinkConfig.SYSTEM,
            ScaleSinkConfig.API_URL,
            ScaleSinkConfig.CONCURRENCY,
            ScaleSinkConfig.CONTACT_REMOVAL);

    // the checks that look inside settings run once each setting is valid on its own
    Map<String, List<String>> both =
        errors(
            new ScaleSinkConnector()
                .validate(props(Map.of(ScaleSinkConfig.SKU_MAP, "PRO-1Y=" + UUID.randomUUID()))));
    assertThat(both).containsOnlyKeys(ScaleSinkConfig.SKU_MAP);
    assertThat(both.get(ScaleSinkConfig.SKU_MAP).get(0)).contains("exactly one of");
  }

  @Test
  void aMissingSkuMapFileIsReportedOnThatSetting() {
    Map<String, List<String>> errors =
        errors(
            new ScaleSinkConnector()
                .validate(props(Map.of(ScaleSinkConfig.SKU_MAP_FILE, "/no/such/sku-map.csv"))));
    assertThat(errors).containsOnlyKeys(ScaleSinkConfig.SKU_MAP_FILE);
  }

  @Test
  void aBrokenPrivateKeyIsReportedWithoutShowingIt() {
    String pem = scale.sandbox.generatedPrivateKeyPem();
    String broken = pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n";
    String keyMaterial = pem.split("\n")[3];
    Map<String, List<String>> errors =
        errors(
            new ScaleSinkConnector().validate(props(Map.of(ScaleSinkConfig.PRIVATE_KEY, broken))));
    assertThat(errors).containsOnlyKeys(ScaleSinkConfig.PRIVATE_KEY);
    assertThat(String.join(" ", errors.get(ScaleSinkConfig.PRIVATE_KEY)))
        .doesNotContain(keyMaterial)
        .doesNotContain(broken);
    assertThatThrownBy(
            () -> new ScaleSinkConfig(props(Map.of(ScaleSinkConfig.PRIVATE_KEY, broken))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ScaleSinkConfig.PRIVATE_KEY)
        .message()
        .doesNotContain(keyMaterial);
  }

  @Test
  void thePrivateKeyIsHiddenAndMayComeWithEscapedLineBreaks() {
    String pem = scale.sandbox.generatedPrivateKeyPem();
    String keyMaterial = pem.split("\n")[3];
    ScaleSinkConfig config =
        new ScaleSinkConfig(props(Map.of(ScaleSinkConfig.PRIVATE_KEY, pem.replace("\n", "\\n"))));
    assertThat(config.toString()).doesNotContain(keyMaterial);
    assertThat(config.values().toString()).doesNotContain(keyMaterial);
    assertThat(config.getPassword(ScaleSinkConfig.PRIVATE_KEY).toString()).isEqualTo("[hidden]");
    // the key signs real JWTs: a call that needs them succeeds
    try (var connection = config.connection()) {
      assertThat(
              config
                  .crmSync(connection)
                  .apply(io.scalecrm.crm.spi.CrmAccount.b2b("A-1", "Acme"))
                  .complete())
          .isTrue();
    }
  }

  @Test
  void theInlineSkuMapAndThePoliciesReachTheMapping() {
    UUID pro = UUID.randomUUID();
    UUID basic = UUID.randomUUID();
    Map<String, String> p =
        props(Map.of(ScaleSinkConfig.SKU_MAP, " PRO-1Y = " + pro + ", BASIC=" + basic));
    p.remove(ScaleSinkConfig.SKU_MAP_FILE);
    p.put(ScaleSinkConfig.CONTACT_REMOVAL, "DELETE_CONSUMER");
    p.put(ScaleSinkConfig.ACCOUNT_REMOVAL, "DELETE_LICENSEE");
    p.put(ScaleSinkConfig.ORDER_CANCELLATION, "LEAVE");
    p.put(ScaleSinkConfig.EXTEND_RENEWALS, "false");
    CrmMapping mapping = new ScaleSinkConfig(p).mapping();
    assertThat(mapping.system()).isEqualTo("salesforce");
    assertThat(mapping.skus().productConfigId("PRO-1Y")).contains(pro);
    assertThat(mapping.skus().productConfigId("BASIC")).contains(basic);
    assertThat(mapping.contactRemoval()).isEqualTo(ContactRemoval.DELETE_CONSUMER);
    assertThat(mapping.accountRemoval()).isEqualTo(AccountRemoval.DELETE_LICENSEE);
    assertThat(mapping.orderCancellation()).isEqualTo(OrderCancellation.LEAVE);
    assertThat(mapping.extendRenewals()).isFalse();
  }

  @Test
  void aMalformedInlineSkuMapNamesTheEntry() {
    Map<String, String> p =
        props(Map.of(ScaleSinkConfig.SKU_MAP, "PRO-1Y=" + UUID.randomUUID() + ",BASIC"));
    p.remove(ScaleSinkConfig.SKU_MAP_FILE);
    assertThatThrownBy(() -> new ScaleSinkConfig(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("entry 2");
  }

  @Test
  void plainHttpIsRefusedForARemoteScale() {
    ScaleSinkConfig config =
        new ScaleSinkConfig(props(Map.of(ScaleSinkConfig.API_URL, "http://scale.example/api")));
    assertThatThrownBy(config::connection).hasMessageContaining("https://");
  }
}
