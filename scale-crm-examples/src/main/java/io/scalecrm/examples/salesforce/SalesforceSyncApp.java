package io.scalecrm.examples.salesforce;

import io.scalecrm.examples.runner.CrmApp;
import io.scalecrm.examples.runner.Launcher;
import io.scalecrm.examples.runner.StopSignal;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Syncs a Salesforce org into Scale: accounts, contacts, and activated orders with their items.
 * Copy it and adapt the settings. It takes the options of {@code scale-crm-sync} ({@code
 * --dry-run}, {@code --report}, {@code --checkpoint}, {@code --max-removals}, {@code --every}; see
 * {@code --help}) and reads its settings from the environment:
 *
 * <ul>
 *   <li>{@code SALESFORCE_LOGIN_URL} (the org's My Domain URL), {@code SALESFORCE_CLIENT_ID} and
 *       {@code SALESFORCE_CLIENT_SECRET} of a connected app with the client-credentials flow
 *       (required);
 *   <li>{@code SALESFORCE_B2C_FIELD}: an Account checkbox marking individuals, for example {@code
 *       IsPersonAccount}; {@code SALESFORCE_EMAIL_FIELD}: the Account field holding its email;
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
              "SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET: the connected app (required)",
              "SALESFORCE_B2C_FIELD: an Account checkbox marking individuals (IsPersonAccount)",
              "SALESFORCE_EMAIL_FIELD: the Account field holding its email (PersonEmail)"),
          SalesforceSyncApp::config,
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

  /** The Salesforce settings from the environment; every problem at once. */
  static SalesforceConfig config(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String clientId = value(env, "SALESFORCE_CLIENT_ID");
    String secret = value(env, "SALESFORCE_CLIENT_SECRET");
    if (clientId == null) {
      problems.add("SALESFORCE_CLIENT_ID is not set");
    }
    if (secret == null) {
      problems.add("SALESFORCE_CLIENT_SECRET is not set");
    }
    SalesforceConfig.Builder salesforce =
        SalesforceConfig.builder()
            .b2cField(value(env, "SALESFORCE_B2C_FIELD"))
            .accountEmailField(value(env, "SALESFORCE_EMAIL_FIELD"));
    if (clientId != null && secret != null) {
      salesforce.clientCredentials(clientId, secret);
    }
    String loginUrl = value(env, "SALESFORCE_LOGIN_URL");
    if (loginUrl != null) {
      try {
        salesforce.loginUrl(URI.create(loginUrl));
      } catch (IllegalArgumentException e) {
        problems.add("SALESFORCE_LOGIN_URL is not a URL");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    try {
      return salesforce.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("Salesforce settings: " + e.getMessage(), e);
    }
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
