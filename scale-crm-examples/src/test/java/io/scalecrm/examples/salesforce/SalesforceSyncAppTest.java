package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.examples.SampleAppFixture;
import io.scalecrm.testkit.ContractData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample app end to end: the fake Salesforce, the sandbox, the real facade, twice. */
class SalesforceSyncAppTest {
  @TempDir Path dir;

  @Test
  void syncsTheOrgAndTheSecondRunWritesNothing() throws Exception {
    ContractData data = ContractData.standard();
    try (FakeSalesforce salesforce = FakeSalesforce.start(Clock.systemUTC());
        SampleAppFixture app = new SampleAppFixture(dir, "salesforce-sample")) {
      SalesforceTestSupport.load(salesforce, data);
      app.env.put("SALESFORCE_CLIENT_ID", FakeSalesforce.CLIENT_ID);
      app.env.put("SALESFORCE_CLIENT_SECRET", FakeSalesforce.CLIENT_SECRET);
      app.env.put("SALESFORCE_LOGIN_URL", salesforce.url());
      app.env.put("SALESFORCE_B2C_FIELD", "IsPersonAccount");
      app.env.put("SALESFORCE_EMAIL_FIELD", "Licensee_Email__c");

      SampleAppFixture.Run first = app.run(SalesforceSyncApp::run);
      int writes = app.scale.journal().writes();
      SampleAppFixture.Run second = app.run(SalesforceSyncApp::run);

      assertThat(first.exitCode()).as(first.output()).isZero();
      assertThat(second.exitCode()).as(second.output()).isZero();
      assertThat(app.scale.snapshot().licensees()).hasSize(data.accounts().size());
      assertThat(app.scale.snapshot().licenses())
          .hasSize(data.orders().stream().mapToInt(o -> o.lines().size()).sum());
      assertThat(app.scale.snapshot().duplicates()).isEmpty();
      assertThat(app.scale.journal().writes()).isEqualTo(writes);
      assertThat(second.output()).contains("Scale writes: 0");
      assertThat(first.output() + second.output()).doesNotContain(FakeSalesforce.CLIENT_SECRET);
    }
  }

  @Test
  void incompleteConfigurationExitsWithTwo() {
    assertThat(
            SalesforceSyncApp.run(
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
  }
}
