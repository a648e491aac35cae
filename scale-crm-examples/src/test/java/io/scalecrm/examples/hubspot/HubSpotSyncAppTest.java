package io.scalecrm.examples.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.examples.SampleAppFixture;
import io.scalecrm.testkit.ContractData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample app end to end: the fake HubSpot, the sandbox, the real facade, twice. */
class HubSpotSyncAppTest {
  @TempDir Path dir;

  @Test
  void syncsThePortalAndTheSecondRunWritesNothing() throws Exception {
    ContractData data = ContractData.standard();
    try (FakeHubSpot hubspot = FakeHubSpot.start();
        SampleAppFixture app = new SampleAppFixture(dir, "hubspot-sample")) {
      hubspot.load(data);
      app.env.put("HUBSPOT_TOKEN", FakeHubSpot.TOKEN);
      app.env.put("HUBSPOT_BASE_URL", hubspot.baseUrl().toString());
      app.env.put("HUBSPOT_B2C_PROPERTY", FakeHubSpot.CUSTOMER_TYPE);
      app.env.put("HUBSPOT_EMAIL_PROPERTY", FakeHubSpot.COMPANY_EMAIL);

      SampleAppFixture.Run first = app.run(HubSpotSyncApp::run);
      int writes = app.scale.journal().writes();
      SampleAppFixture.Run second = app.run(HubSpotSyncApp::run);

      assertThat(first.exitCode()).as(first.output()).isZero();
      assertThat(second.exitCode()).as(second.output()).isZero();
      assertThat(app.scale.snapshot().licensees()).hasSize(data.accounts().size());
      assertThat(app.scale.snapshot().licenses())
          .hasSize(data.orders().stream().mapToInt(o -> o.lines().size()).sum());
      assertThat(app.scale.snapshot().duplicates()).isEmpty();
      assertThat(app.scale.journal().writes()).isEqualTo(writes);
      assertThat(second.output()).contains("Scale writes: 0");
      assertThat(first.output() + second.output()).doesNotContain(FakeHubSpot.TOKEN);
    }
  }

  @Test
  void incompleteConfigurationExitsWithTwo() {
    assertThat(
            HubSpotSyncApp.run(
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }
}
