package io.scalecrm.examples.hubspot;

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
 * Syncs a HubSpot portal into Scale: companies, contacts, and won deals with their line items. Copy
 * it and adapt the settings; configured by environment variables:
 *
 * <ul>
 *   <li>{@code HUBSPOT_TOKEN}: the private-app token (required);
 *   <li>{@code HUBSPOT_BASE_URL}: defaults to {@code https://api.hubapi.com};
 *   <li>{@code HUBSPOT_B2C_PROPERTY}: a company property whose value {@code B2C} marks an
 *       individual; {@code HUBSPOT_EMAIL_PROPERTY}: the company property holding its email;
 *   <li>{@code SKU_MAP}: the SKU map file (required); {@code CHECKPOINT_FILE}: where the change
 *       cursors are kept between runs (optional: without it every run reads everything);
 *   <li>the Scale settings of {@link ScaleConnection.Builder#fromEnvironment()} ({@code
 *       SCALE_API_URL}, {@code SCALE_JWT_KEY_ID}, …).
 * </ul>
 *
 * <p>Exit code 0 when every record synced, 1 when some did not (each is printed), 2 when the
 * configuration is incomplete.
 */
public final class HubSpotSyncApp {
  private HubSpotSyncApp() {}

  /**
   * Runs one sync.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out));
  }

  static int run(Map<String, String> env, PrintStream out) {
    if (env.get("HUBSPOT_TOKEN") == null || env.get("SKU_MAP") == null) {
      out.println("Set HUBSPOT_TOKEN and SKU_MAP (and the SCALE_* variables)");
      return 2;
    }
    HubSpotConfig.Builder hubspot =
        HubSpotConfig.builder().privateAppToken(env.get("HUBSPOT_TOKEN"));
    if (env.get("HUBSPOT_BASE_URL") != null) {
      hubspot.baseUrl(URI.create(env.get("HUBSPOT_BASE_URL")));
    }
    if (env.get("HUBSPOT_B2C_PROPERTY") != null) {
      hubspot.b2cWhen(env.get("HUBSPOT_B2C_PROPERTY"), "B2C");
    }
    if (env.get("HUBSPOT_EMAIL_PROPERTY") != null) {
      hubspot.companyEmailProperty(env.get("HUBSPOT_EMAIL_PROPERTY"));
    }
    CheckpointStore checkpoints =
        env.get("CHECKPOINT_FILE") != null
            ? CheckpointStore.file(Path.of(env.get("CHECKPOINT_FILE")))
            : CheckpointStore.none();

    try (ScaleConnection scale =
            ScaleConnection.builder()
                .fromEnvironment(env)
                .userAgentSuffix("hubspot-sync-sample/0.1")
                .build();
        HubSpotAdapter adapter = new HubSpotAdapter(hubspot.build())) {
      scale.verify();
      CrmSync crmSync =
          CrmSync.builder()
              .connection(scale)
              .mapping(
                  CrmMapping.builder("hubspot")
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
