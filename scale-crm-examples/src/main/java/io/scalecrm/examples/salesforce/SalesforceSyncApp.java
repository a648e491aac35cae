package io.scalecrm.examples.salesforce;

import io.scalecrm.examples.runner.CrmApp;
import io.scalecrm.examples.runner.Launcher;
import io.scalecrm.examples.runner.StopSignal;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Syncs a Salesforce org into Scale: accounts, contacts, and activated orders with their items.
 * Copy it and adapt the settings. It takes the options of {@code scale-crm-sync} ({@code
 * --dry-run}, {@code --report}, {@code --checkpoint}, {@code --max-removals}, {@code --every}; see
 * {@code --help}) and reads its settings from the environment:
 *
 * <ul>
 *   <li>the Salesforce settings of {@link SalesforceConfig#fromEnvironment}: {@code
 *       SALESFORCE_LOGIN_URL} (the org's My Domain URL), the connected app's client credentials or
 *       the JWT bearer flow, write-back and the others;
 *   <li>{@code SKU_MAP}: the SKU map file (required); {@code CHECKPOINT_FILE}: where the change
 *       cursors and pending records are kept between runs (optional);
 *   <li>the Scale settings {@code SCALE_API_URL}, {@code SCALE_JWT_KEY_ID}, {@code
 *       SCALE_JWT_ISSUER}, {@code SCALE_JWT_SUBJECT} and {@code SCALE_PRIVATE_KEY_FILE} (or {@code
 *       SCALE_PRIVATE_KEY}).
 * </ul>
 *
 * <p>Exit codes as {@code scale-crm-sync}: 0 complete, 1 some records failed or are pending, 2 a
 * usage or configuration problem (every one listed), 3 Scale unreachable or credentials refused.
 */
public final class SalesforceSyncApp {
  static final CrmApp<SalesforceConfig> APP =
      new CrmApp<>(
          "salesforce-sync",
          "Syncs a Salesforce org into 10Duke Scale: accounts become licensees, contacts license"
              + " consumers, the items of activated orders licenses.",
          List.of(
              "SALESFORCE_LOGIN_URL: the org's My Domain URL, https://<my-domain>.my.salesforce.com",
              "SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET: the connected app (client"
                  + " credentials), or SALESFORCE_USERNAME with a private key (JWT bearer)",
              "SALESFORCE_B2C_FIELD: an Account checkbox marking individuals (IsPersonAccount)",
              "SALESFORCE_EMAIL_FIELD: the Account field holding its email (PersonEmail)",
              "and the other SALESFORCE_* variables of SalesforceConfig.fromEnvironment"
                  + " (README)"),
          SalesforceConfig::fromEnvironment,
          SalesforceAdapter::create);

  private SalesforceSyncApp() {}

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
