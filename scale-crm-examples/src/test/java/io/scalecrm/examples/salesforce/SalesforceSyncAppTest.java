package io.scalecrm.examples.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.examples.SampleAppFixture;
import io.scalecrm.examples.SampleAppFixture.Run;
import io.scalecrm.testkit.ContractData;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app end to end: the fake Salesforce, the sandbox, the real facade; and the CLI's
 * behaviour: options, exit codes, one-line errors.
 */
class SalesforceSyncAppTest {
  @TempDir Path dir;

  private static void configure(SampleAppFixture app, FakeSalesforce salesforce) {
    app.env.put("SALESFORCE_CLIENT_ID", FakeSalesforce.CLIENT_ID);
    app.env.put("SALESFORCE_CLIENT_SECRET", FakeSalesforce.CLIENT_SECRET);
    app.env.put("SALESFORCE_LOGIN_URL", salesforce.url());
    app.env.put("SALESFORCE_B2C_FIELD", "IsPersonAccount");
    app.env.put("SALESFORCE_EMAIL_FIELD", "Licensee_Email__c");
  }

  @Test
  void syncsThePortalAndTheSecondRunWritesNothing() throws Exception {
    ContractData data = ContractData.standard();
    try (FakeSalesforce salesforce = FakeSalesforce.start(Clock.systemUTC());
        SampleAppFixture app = new SampleAppFixture(dir, "salesforce-sample")) {
      SalesforceTestSupport.load(salesforce, data);
      configure(app, salesforce);
      app.env.put("CHECKPOINT_FILE", dir.resolve("salesforce.cursors").toString());

      Run first = app.run(SalesforceSyncApp::run);
      int writes = app.scale.journal().writes();
      Run second = app.run(SalesforceSyncApp::run, "--quiet");

      assertThat(first.exitCode()).as(first.output() + first.errors()).isZero();
      assertThat(second.exitCode()).as(second.output() + second.errors()).isZero();
      assertThat(first.output()).contains("Syncing salesforce into Scale at ", "Summary (");
      assertThat(app.scale.snapshot().licensees()).hasSize(data.accounts().size());
      assertThat(app.scale.snapshot().licenses())
          .hasSize(data.orders().stream().mapToInt(o -> o.lines().size()).sum());
      assertThat(app.scale.snapshot().duplicates()).isEmpty();
      assertThat(app.scale.journal().writes()).isEqualTo(writes);
      assertThat(second.output()).contains("writes: 0,").contains("failures: none");
      assertThat(dir.resolve("salesforce.cursors")).as("CHECKPOINT_FILE").exists();
      assertThat(first.output() + second.output() + first.errors() + second.errors())
          .doesNotContain(FakeSalesforce.CLIENT_SECRET);
    }
  }

  @Test
  void dryRunAndReportOptionsWorkAsInTheCli() throws Exception {
    ContractData data = ContractData.standard();
    try (FakeSalesforce salesforce = FakeSalesforce.start(Clock.systemUTC());
        SampleAppFixture app = new SampleAppFixture(dir, "salesforce-sample")) {
      SalesforceTestSupport.load(salesforce, data);
      configure(app, salesforce);
      Path report = dir.resolve("plan.json");

      Run plan = app.run(SalesforceSyncApp::run, "--dry-run", "--report", report.toString());

      assertThat(plan.exitCode()).as(plan.output() + plan.errors()).isZero();
      assertThat(app.scale.journal().writes()).isZero();
      assertThat(plan.output()).contains("Planning a sync of salesforce", "Plan (");
      JsonNode r = new ObjectMapper().readTree(report.toFile());
      assertThat(r.get("dryRun").asBoolean()).isTrue();
      assertThat(r.get("actions")).hasSizeGreaterThanOrEqualTo(data.accounts().size());
    }
  }

  @Test
  void incompleteSettingsExitWith2ListingEveryProblemOnOneLine() {
    Run run = SampleAppFixture.run(SalesforceSyncApp::run, Map.of());

    assertThat(run.exitCode()).isEqualTo(2);
    String message = run.errors().lines().findFirst().orElseThrow();
    assertThat(message)
        .startsWith("error: ")
        .contains("SALESFORCE_CLIENT_ID is not set")
        .contains("SALESFORCE_CLIENT_SECRET (client credentials) or SALESFORCE_USERNAME")
        .contains("--sku-map (or SKU_MAP) is not set")
        .contains("--scale-url (or SCALE_API_URL) is not set")
        .contains("--key-id (or SCALE_JWT_KEY_ID) is not set")
        .contains("--private-key (or SCALE_PRIVATE_KEY_FILE, or SCALE_PRIVATE_KEY) is not set");
    assertThat(run.errors()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.output()).isEmpty();
  }

  @Test
  void unreachableScaleExitsWith3WithOneLineAndNoStackTrace() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (FakeSalesforce salesforce = FakeSalesforce.start(Clock.systemUTC());
        SampleAppFixture app = new SampleAppFixture(dir, "salesforce-sample")) {
      configure(app, salesforce);
      Map<String, String> env = new HashMap<>(app.env);
      env.put("SCALE_API_URL", "http://127.0.0.1:" + closedPort);

      Run run = SampleAppFixture.run(SalesforceSyncApp::run, env);

      assertThat(run.exitCode()).as(run.output() + run.errors()).isEqualTo(3);
      assertThat(run.errors().lines())
          .singleElement()
          .asString()
          .startsWith("error: cannot use Scale at http://127.0.0.1:" + closedPort);
    }
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(SampleAppFixture.run(SalesforceSyncApp::run, Map.of(), "--frobnicate").exitCode())
        .isEqualTo(2);
    Run help = SampleAppFixture.run(SalesforceSyncApp::run, Map.of(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.output())
        .startsWith("Usage: salesforce-sync ")
        .contains("--dry-run", "--report", "--checkpoint", "--max-removals", "--every")
        .contains("SALESFORCE_CLIENT_ID", "SKU_MAP", "SCALE_API_URL");
  }
}
