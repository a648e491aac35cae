package io.scalecrm.examples.salesforce;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.crm.CheckpointStore;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.SyncOptions;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Syncs a Salesforce org into Scale: accounts, contacts, and activated orders with their items.
 * Copy it and adapt the settings; configured by environment variables:
 *
 * <ul>
 *   <li>{@code SALESFORCE_LOGIN_URL} (default {@code https://login.salesforce.com}), {@code
 *       SALESFORCE_CLIENT_ID} and {@code SALESFORCE_CLIENT_SECRET} of a connected app with the
 *       client-credentials flow (required);
 *   <li>{@code SALESFORCE_B2C_FIELD}: an Account checkbox marking individuals, for example {@code
 *       IsPersonAccount}; {@code SALESFORCE_EMAIL_FIELD}: the Account field holding its email;
 *   <li>{@code SKU_MAP}: the SKU map file (required); {@code CHECKPOINT_FILE}: where the change
 *       cursors are kept between runs (optional);
 *   <li>the Scale settings of {@link ScaleConnection.Builder#fromEnvironment()}.
 * </ul>
 *
 * <p>Exit code 0 when every record synced, 1 when some did not (each is printed), 2 when the
 * configuration is incomplete.
 */
public final class SalesforceSyncApp {
  private SalesforceSyncApp() {}

  /**
   * Runs one sync.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out));
  }

  static int run(Map<String, String> env, PrintStream out) {
    if (env.get("SALESFORCE_CLIENT_ID") == null
        || env.get("SALESFORCE_CLIENT_SECRET") == null
        || env.get("SKU_MAP") == null) {
      out.println("Set SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SKU_MAP (and SCALE_*)");
      return 2;
    }
    SalesforceConfig.Builder salesforce =
        SalesforceConfig.builder()
            .clientCredentials(env.get("SALESFORCE_CLIENT_ID"), env.get("SALESFORCE_CLIENT_SECRET"))
            .b2cField(env.get("SALESFORCE_B2C_FIELD"))
            .accountEmailField(env.get("SALESFORCE_EMAIL_FIELD"));
    if (env.get("SALESFORCE_LOGIN_URL") != null) {
      salesforce.loginUrl(URI.create(env.get("SALESFORCE_LOGIN_URL")));
    }
    CheckpointStore checkpoints =
        env.get("CHECKPOINT_FILE") != null
            ? CheckpointStore.file(Path.of(env.get("CHECKPOINT_FILE")))
            : CheckpointStore.none();

    try (ScaleConnection scale =
            ScaleConnection.builder()
                .fromEnvironment(env)
                .userAgentSuffix("salesforce-sync-sample/0.1")
                .build();
        SalesforceAdapter adapter = SalesforceAdapter.create(salesforce.build())) {
      scale.verify();
      CrmSync crmSync =
          CrmSync.builder()
              .connection(scale)
              .mapping(
                  CrmMapping.builder("salesforce")
                      .skus(SkuTable.load(Path.of(env.get("SKU_MAP"))))
                      .build())
              .build();
      SyncReport report =
          crmSync.sync(adapter, SyncOptions.builder().checkpoints(checkpoints).build());
      for (CrmRecordType type : report.counts().keySet()) {
        out.println(type + ": " + report.countsOf(type));
      }
      out.println("Scale writes: " + report.writes() + ", API calls: " + report.apiCallsTotal());
      report.failures().forEach(f -> out.println("not synced: " + f));
      return report.successful() ? 0 : 1;
    }
  }
}
