package io.scalecrm.examples.runner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The artifact version, filtered from the pom into {@code scale-crm-sync.properties} at build time;
 * what {@code --version} prints.
 */
public final class Versions implements IVersionProvider {
  private static final String RESOURCE = "/io/scalecrm/examples/cli/scale-crm-sync.properties";

  /** Creates the provider (picocli instantiates it). */
  public Versions() {}

  /**
   * The version of the Scale CRM Sync build these apps come from.
   *
   * @return for example {@code 0.2.0} or {@code 0.2.0-SNAPSHOT}; {@code unknown} when the resource
   *     is missing (run from sources that Maven did not process)
   */
  public static String version() {
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown").strip();
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "${COMMAND-FULL-NAME} " + version(),
      "Scale CRM Sync, Apache-2.0; Java ${java.version} (${java.vendor})"
    };
  }
}
