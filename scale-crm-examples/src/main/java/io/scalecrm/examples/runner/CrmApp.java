package io.scalecrm.examples.runner;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A sample app that syncs a CRM through an adapter, with the same options, environment, output and
 * exit codes as {@code scale-crm-sync}: the Scale settings from {@code --scale-url} and the others
 * or the {@code SCALE_*} variables, the SKU map from {@code --sku-map} or {@code SKU_MAP}, the
 * checkpoint from {@code --checkpoint} or {@code CHECKPOINT_FILE}, the CRM's settings from its own
 * variables. Every missing or invalid setting is reported at once, on one line, with exit code
 * {@link ExitCodes#USAGE}; an unreachable Scale gives one line and {@link ExitCodes#UNREACHABLE}.
 *
 * @param <C> the CRM adapter's configuration
 */
public final class CrmApp<C> {
  private static final Logger LOG = LoggerFactory.getLogger(CrmApp.class);

  /** The variable naming the SKU map file. */
  public static final String ENV_SKU_MAP = "SKU_MAP";

  /** The variable naming the checkpoint file. */
  public static final String ENV_CHECKPOINT_FILE = "CHECKPOINT_FILE";

  /**
   * Reads the CRM's settings from the environment.
   *
   * @param <C> the configuration
   */
  @FunctionalInterface
  public interface Settings<C> {
    /**
     * Reads the settings.
     *
     * @param env the environment
     * @return the configuration
     * @throws IllegalArgumentException listing every missing or invalid setting by variable name
     */
    C read(Map<String, String> env);
  }

  /**
   * Creates the adapter for a configuration.
   *
   * @param <C> the configuration
   */
  @FunctionalInterface
  public interface Adapters<C> {
    /**
     * Creates the adapter; it connects lazily.
     *
     * @param config the configuration
     * @return the adapter
     */
    CrmAdapter open(C config);
  }

  private final String command;
  private final String description;
  private final List<String> environment;
  private final Settings<C> settings;
  private final Adapters<C> adapters;

  /**
   * Describes an app.
   *
   * @param command the command name in usage and version output, e.g. {@code hubspot-sync}
   * @param description what it syncs, for {@code --help}
   * @param environment the CRM's variables, one line each, for {@code --help}
   * @param settings reads the CRM's settings
   * @param adapters creates the adapter
   */
  public CrmApp(
      String command,
      String description,
      List<String> environment,
      Settings<C> settings,
      Adapters<C> adapters) {
    this.command = Objects.requireNonNull(command, "command");
    this.description = Objects.requireNonNull(description, "description");
    this.environment = List.copyOf(environment);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.adapters = Objects.requireNonNull(adapters, "adapters");
  }

  /**
   * Runs the app.
   *
   * @param args the command line
   * @param env the environment
   * @param out where summaries go
   * @param err where errors go
   * @param stop the graceful-stop signal
   * @return the exit code ({@link ExitCodes})
   */
  public int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, StopSignal stop) {
    AppOptions options = new AppOptions();
    CommandLine cmd = commandLine(options);
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    try {
      cmd.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for the options and variables.");
      return ExitCodes.USAGE;
    }
    if (cmd.isUsageHelpRequested()) {
      cmd.usage(cmd.getOut());
      return ExitCodes.OK;
    }
    if (cmd.isVersionHelpRequested()) {
      cmd.printVersionHelp(cmd.getOut());
      return ExitCodes.OK;
    }

    // every problem at once
    List<String> problems = new ArrayList<>();
    String checkpoint = ScaleOptions.value(null, env, ENV_CHECKPOINT_FILE);
    options.run.defaultCheckpoint(checkpoint == null ? null : Path.of(checkpoint));
    try {
      options.run.check();
    } catch (UsageException e) {
      problems.add(e.getMessage());
    }
    SkuTable skus = skuTable(options.skuMap, env, problems);
    C config = null;
    try {
      config = settings.read(env);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // one problem per line
      String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).forEach(problems::add);
    }
    ScaleConnection scale =
        options.scale.connect(env, command + "/" + Versions.version(), problems);
    if (!problems.isEmpty()) {
      if (scale != null) {
        scale.close();
      }
      err.println("error: " + String.join("; ", problems));
      err.println("Run with --help for the options and variables.");
      return ExitCodes.USAGE;
    }
    Objects.requireNonNull(scale);
    Objects.requireNonNull(skus);
    String target = "Scale at " + ScaleOptions.printable(scale.baseUrl());
    try (ScaleConnection connection = scale;
        CrmAdapter adapter = adapters.open(Objects.requireNonNull(config))) {
      try {
        connection.verify();
      } catch (ScaleException e) {
        LOG.debug("Scale check failed", e);
        err.println("error: cannot use " + target + ": " + e.getMessage());
        return ExitCodes.UNREACHABLE;
      }
      if (!options.run.quiet()) {
        out.println(
            (options.run.dryRun() ? "Planning a sync of " : "Syncing ")
                + adapter.system()
                + " into "
                + target);
      }
      CrmSync sync =
          CrmSync.builder()
              .connection(connection)
              .mapping(CrmMapping.builder(adapter.system()).skus(skus).build())
              .build();
      return new SyncRunner(out, err, stop).run(sync, options.run, () -> RunSource.of(adapter));
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (CrmAdapterException e) {
      // the adapters report CRM failures per stream; this is a safety net
      LOG.debug("The CRM failed", e);
      err.println("error: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
  }

  private static @Nullable SkuTable skuTable(
      @Nullable Path option, Map<String, String> env, List<String> problems) {
    String file = ScaleOptions.value(option == null ? null : option.toString(), env, ENV_SKU_MAP);
    if (file == null) {
      problems.add("--sku-map (or SKU_MAP) is not set");
      return null;
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      problems.add("--sku-map " + file + " is not a readable file");
      return null;
    }
    try {
      return SkuTable.load(path);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      problems.add("the SKU map " + file + " cannot be used: " + e.getMessage());
      return null;
    }
  }

  private CommandLine commandLine(AppOptions options) {
    CommandLine cmd = new CommandLine(options);
    cmd.setCommandName(command);
    CommandLine.Model.UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
    usage.description(description, "");
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "complete: every record synced and nothing is pending");
    codes.put("1", "some records failed or are pending, or the run stopped early");
    codes.put("2", "usage or configuration error (every problem is listed)");
    codes.put("3", "Scale unreachable or authentication failed");
    usage.exitCodeListHeading("%nExit codes:%n");
    usage.exitCodeList(codes);
    List<String> footer = new ArrayList<>(environment);
    footer.add("SKU_MAP: the SKU map file (--sku-map); CHECKPOINT_FILE: the checkpoint file");
    footer.add(
        "SCALE_API_URL, SCALE_JWT_KEY_ID, SCALE_JWT_ISSUER, SCALE_JWT_SUBJECT,"
            + " SCALE_PRIVATE_KEY_FILE (or SCALE_PRIVATE_KEY): the Scale options");
    usage.footerHeading("%nEnvironment:%n");
    usage.footer(footer.toArray(new String[0]));
    return cmd;
  }

  /** The app's command line. */
  @Command(
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true)
  static final class AppOptions {
    @Option(
        names = "--sku-map",
        paramLabel = "FILE",
        description = "SKU map CSV: sku,productConfigId (env SKU_MAP).")
    @Nullable Path skuMap;

    @Mixin ScaleOptions scale = new ScaleOptions();
    @Mixin RunOptions run = new RunOptions();
  }
}
