package io.scalecrm.examples.hubspot;

import io.scalecrm.examples.runner.CrmApp;
import io.scalecrm.examples.runner.Launcher;
import io.scalecrm.examples.runner.StopSignal;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Syncs a HubSpot portal into Scale: companies, contacts, and won deals with their line items. Copy
 * it and adapt the settings. It takes the options of {@code scale-crm-sync} ({@code --dry-run},
 * {@code --report}, {@code --checkpoint}, {@code --max-removals}, {@code --every}; see {@code
 * --help}) and reads its settings from the environment:
 *
 * <ul>
 *   <li>the HubSpot settings of {@link HubSpotConfig#builderFromEnvironment}: {@code HUBSPOT_TOKEN}
 *       (the private-app token, required), {@code HUBSPOT_BASE_URL}, write-back ({@code
 *       HUBSPOT_SCALE_ID_PROPERTY}) and the others;
 *   <li>{@code SKU_MAP}: the SKU map file (required); {@code CHECKPOINT_FILE}: where the change
 *       cursors and pending records are kept between runs (optional: without it every run reads
 *       everything);
 *   <li>the Scale settings {@code SCALE_API_URL}, {@code SCALE_JWT_KEY_ID}, {@code
 *       SCALE_JWT_ISSUER}, {@code SCALE_JWT_SUBJECT} and {@code SCALE_PRIVATE_KEY_FILE} (or {@code
 *       SCALE_PRIVATE_KEY}).
 * </ul>
 *
 * <p>Exit codes as {@code scale-crm-sync}: 0 complete, 1 some records failed or are pending, 2 a
 * usage or configuration problem (every one listed), 3 Scale unreachable or credentials refused.
 */
public final class HubSpotSyncApp {
  static final CrmApp<HubSpotConfig> APP =
      new CrmApp<>(
          "hubspot-sync",
          "Syncs a HubSpot portal into 10Duke Scale: companies become licensees, contacts license"
              + " consumers, the line items of won deals licenses.",
          List.of(
              "HUBSPOT_TOKEN: the private-app token (required)",
              "HUBSPOT_BASE_URL: default https://api.hubapi.com",
              "HUBSPOT_B2C_PROPERTY: a company property whose value B2C marks an individual",
              "HUBSPOT_EMAIL_PROPERTY: the company property holding its email",
              "HUBSPOT_SCALE_ID_PROPERTY: write Scale ids back into this property",
              "and the other HUBSPOT_* variables of HubSpotConfig.fromEnvironment (README)"),
          HubSpotConfig::fromEnvironment,
          HubSpotAdapter::new);

  private HubSpotSyncApp() {}

  /**
   * Runs the app; SIGTERM and Ctrl-C stop it gracefully.
   *
   * @param args the options, see {@code --help}
   */
  public static void main(String[] args) {
    Launcher.exit(System.err, stop -> run(args, System.getenv(), System.out, System.err, stop));
  }

  static int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, StopSignal stop) {
    return APP.run(args, env, out, err, stop);
  }
}
