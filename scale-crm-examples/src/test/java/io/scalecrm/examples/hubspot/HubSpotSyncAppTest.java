package io.scalecrm.examples.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.testkit.ContractData;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample app end to end: the fake HubSpot, the sandbox, the real facade, twice. */
class HubSpotSyncAppTest {
  @TempDir Path dir;

  @Test
  void syncsThePortalAndTheSecondRunWritesNothing() throws Exception {
    ContractData data = ContractData.standard();
    try (FakeHubSpot hubspot = FakeHubSpot.start();
        ScaleSandbox scale = ScaleSandbox.startWithGeneratedKey()) {
      hubspot.load(data);
      StringBuilder skuMap = new StringBuilder("sku,productConfigId\n");
      for (String sku : Set.of("PRO-SEATS", "BASIC-SEATS", "API-CALLS", "ANALYTICS")) {
        SandboxProduct product = scale.seedProductConfiguration(SandboxProduct.of(sku, sku));
        skuMap.append(sku).append(',').append(product.productConfigId()).append('\n');
      }
      Path skus = Files.writeString(dir.resolve("skus.csv"), skuMap);
      Map<String, String> env = new HashMap<>();
      env.put("HUBSPOT_TOKEN", FakeHubSpot.TOKEN);
      env.put("HUBSPOT_BASE_URL", hubspot.baseUrl().toString());
      env.put("HUBSPOT_B2C_PROPERTY", FakeHubSpot.CUSTOMER_TYPE);
      env.put("HUBSPOT_EMAIL_PROPERTY", FakeHubSpot.COMPANY_EMAIL);
      env.put("SKU_MAP", skus.toString());
      env.put("SCALE_API_URL", scale.baseUrl().toString());
      env.put("SCALE_JWT_KEY_ID", scale.generatedKeyId());
      env.put("SCALE_JWT_ISSUER", "hubspot-sample");
      env.put("SCALE_JWT_SUBJECT", "hubspot-sample");
      env.put("SCALE_PRIVATE_KEY", scale.generatedPrivateKeyPem());

      ByteArrayOutputStream first = new ByteArrayOutputStream();
      int firstExit = HubSpotSyncApp.run(env, new PrintStream(first, true, StandardCharsets.UTF_8));
      int writesAfterFirst = writes(scale);
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      int secondExit =
          HubSpotSyncApp.run(env, new PrintStream(second, true, StandardCharsets.UTF_8));

      assertThat(firstExit).as(first.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(secondExit).isZero();
      assertThat(scale.snapshot().licensees()).hasSize(data.accounts().size());
      assertThat(scale.snapshot().licenses())
          .hasSize(data.orders().stream().mapToInt(o -> o.lines().size()).sum());
      assertThat(scale.snapshot().duplicates()).isEmpty();
      assertThat(writes(scale)).isEqualTo(writesAfterFirst);
      assertThat(second.toString(StandardCharsets.UTF_8)).contains("Scale writes: 0");
      assertThat(first.toString(StandardCharsets.UTF_8) + second).doesNotContain(FakeHubSpot.TOKEN);
    }
  }

  @Test
  void incompleteConfigurationExitsWithTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(HubSpotSyncApp.run(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }

  private static int writes(ScaleSandbox scale) {
    return scale.journal().counts().entrySet().stream()
        .filter(e -> io.scalecrm.crm.SyncReport.WRITE_OPERATIONS.contains(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }
}
