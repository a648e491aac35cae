package io.scalecrm.examples.file;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SetupCheck;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.spi.CrmAdapter;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.examples.runner.ExitCodes;
import io.scalecrm.examples.runner.Launcher;
import io.scalecrm.examples.runner.RunOptions;
import io.scalecrm.examples.runner.RunSource;
import io.scalecrm.examples.runner.ScaleOptions;
import io.scalecrm.examples.runner.StopSignal;
import io.scalecrm.examples.runner.SyncRunner;
import io.scalecrm.examples.runner.UsageException;
import io.scalecrm.examples.runner.Versions;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code scale-crm-sync}: syncs a CRM export in CSV files ({@link CsvExportAdapter}) into Scale,
 * or, without a Scale URL, into an in-process {@link ScaleSandbox}, and prints what it did.
 *
 * <pre>
 * java -jar scale-crm-examples/target/scale-crm-sync.jar --help
 * java -jar scale-crm-examples/target/scale-crm-sync.jar sync --input DIR --runs 2
 * </pre>
 *
 * <p>Commands: {@code sync} (the default), {@code plan} (a dry run), {@code check} (settings, Scale
 * and credentials, with reads only) and {@code sandbox} (a standalone Scale sandbox). Exit codes
 * are those of {@link ExitCodes}. The README describes the file formats.
 */
public final class FileSyncCli {
  private static final Logger LOG = LoggerFactory.getLogger(FileSyncCli.class);

  /** The command's name, as installed and as {@code --help} prints it. */
  public static final String COMMAND = "scale-crm-sync";

  /** Exit code: every record synced. */
  public static final int EXIT_OK = ExitCodes.OK;

  /** Exit code: some records failed or are pending; the summary and the report list them. */
  public static final int EXIT_FAILURES = ExitCodes.INCOMPLETE;

  /** Exit code: a usage or configuration error (bad option, missing or unreadable file). */
  public static final int EXIT_USAGE = ExitCodes.USAGE;

  /** Exit code: Scale was unreachable or refused the credentials; nothing was synced. */
  public static final int EXIT_SCALE = ExitCodes.UNREACHABLE;

  /**
   * The JWT issuer and subject that {@code sandbox} suggests (a standalone sandbox accepts any).
   */
  static final String SANDBOX_PRINCIPAL = COMMAND;

  /** The private key file {@code sandbox} writes unless {@code --key-out} says otherwise. */
  static final String SANDBOX_KEY_FILE = "scale-sandbox-key.pem";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final StopSignal stop;

  /**
   * Creates a CLI that prints to the given streams and reads the given environment; it is never
   * asked to stop.
   *
   * @param out where the summary and progress go
   * @param err where errors and usage help go
   * @param env the environment variables ({@code SCALE_API_URL} and the others)
   */
  public FileSyncCli(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, new StopSignal());
  }

  /**
   * Creates a CLI that stops gracefully when {@code stop} is requested.
   *
   * @param out where the summary and progress go
   * @param err where errors and usage help go
   * @param env the environment variables ({@code SCALE_API_URL} and the others)
   * @param stop the graceful-stop signal (SIGTERM or Ctrl-C in {@link #main})
   */
  public FileSyncCli(PrintStream out, PrintStream err, Map<String, String> env, StopSignal stop) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.stop = Objects.requireNonNull(stop, "stop");
  }

  /**
   * Runs the CLI and exits with its exit code; SIGTERM and Ctrl-C stop it gracefully.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // Logging (slf4j-simple, to stderr): see simplelogger.properties; the summary lists every
    // failure with its row, so the sync's own per-record warnings are off.
    // The JDK HttpServer behind the in-process sandbox otherwise waits for delayed TCP ACKs
    // (about 40 ms per request on a kept-alive connection).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    Launcher.exit(
        System.err,
        stop -> new FileSyncCli(System.out, System.err, System.getenv(), stop).run(args));
  }

  /**
   * Runs the CLI without exiting.
   *
   * @param args the command line
   * @return the exit code: {@value #EXIT_OK}, {@value #EXIT_FAILURES}, {@value #EXIT_USAGE} or
   *     {@value #EXIT_SCALE}
   */
  public int run(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    ParseResult parsed;
    try {
      parsed = cmd.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      e.getCommandLine().usage(err);
      return EXIT_USAGE;
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return EXIT_OK;
    }
    ParseResult sub = parsed.subcommand();
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      if (sub != null && !parsed.matchedOptions().isEmpty()) {
        throw new UsageException(
            "put the options after the command name: "
                + COMMAND
                + " "
                + sub.commandSpec().name()
                + " [options]");
      }
      Object command = (sub == null ? parsed : sub).commandSpec().userObject();
      if (command instanceof Main) {
        return sync(((Main) command).args, false, resources);
      } else if (command instanceof SyncCommand) {
        return sync(((SyncCommand) command).args, false, resources);
      } else if (command instanceof PlanCommand) {
        return sync(((PlanCommand) command).args, true, resources);
      } else if (command instanceof CheckCommand) {
        return check((CheckCommand) command, resources);
      } else {
        return sandbox((SandboxCommand) command, resources);
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for the options.");
      return EXIT_USAGE;
    } finally {
      while (!resources.isEmpty()) {
        closeQuietly(resources.pop());
      }
    }
  }

  // ------------------------------------------------------------------ sync and plan

  private int sync(SyncArgs a, boolean plan, Deque<AutoCloseable> resources) {
    if (plan) {
      a.run.planOnly();
    }
    a.run.check();
    Export export = a.input.read(resources);
    String scaleUrl = a.scale.url(env);
    ScaleConnection connection;
    String target;
    if (scaleUrl != null) {
      connection = connect(a.scale);
      target = "Scale at " + ScaleOptions.printable(connection.baseUrl());
    } else {
      ScaleSandbox sandbox = ScaleSandbox.builder().generateKey().build().start();
      resources.push(sandbox);
      export.products.forEach(sandbox::seedProductConfiguration);
      connection = sandboxConnection(sandbox);
      target =
          "an in-process Scale sandbox at "
              + sandbox.baseUrl()
              + " (seeded with "
              + export.products.size()
              + " product configurations; pass --scale-url for a real Scale)";
    }
    resources.push(connection);
    if (!a.run.quiet()) {
      out.println(
          (plan || a.run.dryRun() ? "Planning a sync of " : "Syncing ")
              + export.name
              + " into "
              + target);
      out.println(
          "  read "
              + export.first.overview()
              + "; system '"
              + a.input.system
              + "', SKU map "
              + export.skuMapFile.getFileName()
              + " ("
              + export.skus.skus().size()
              + " SKUs)");
    }
    if (!verify(connection, target)) {
      return EXIT_SCALE;
    }
    CrmSync sync = CrmSync.builder().connection(connection).mapping(export.mapping).build();
    boolean[] first = {true};
    return new SyncRunner(out, err, stop)
        .run(
            sync,
            a.run,
            () -> {
              CsvExportAdapter adapter;
              if (first[0]) {
                first[0] = false;
                adapter = export.first;
              } else {
                adapter = readExport(export.directory, a.input.system);
              }
              return new FileSource(adapter);
            });
  }

  /** A run's export: the adapter, and failures named by file, row and column. */
  static final class FileSource implements RunSource {
    private final CsvExportAdapter adapter;

    FileSource(CsvExportAdapter adapter) {
      this.adapter = adapter;
    }

    @Override
    public CrmAdapter adapter() {
      return adapter;
    }

    @Override
    public Optional<String> location(SyncFailure f) {
      // a row rejected while reading already names its file and row in its id
      return f.crmId().contains(" row ")
          ? Optional.empty()
          : adapter.location(f.recordType(), f.crmId());
    }

    @Override
    public @Nullable String field(SyncFailure f) {
      return f.field() == null ? null : CsvExportAdapter.column(f.recordType(), f.field());
    }

    @Override
    public void close() {
      adapter.close();
    }
  }

  // ------------------------------------------------------------------ check

  private int check(CheckCommand c, Deque<AutoCloseable> resources) {
    List<String> problems = new ArrayList<>();
    Export export = null;
    try {
      export = c.input.read(resources);
    } catch (UsageException e) {
      problems.add(e.getMessage());
    }
    ScaleConnection connection = c.scale.connect(env, userAgent(), problems);
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("; ", problems));
    }
    Objects.requireNonNull(connection);
    Objects.requireNonNull(export);
    resources.push(connection);
    String target = "Scale at " + ScaleOptions.printable(connection.baseUrl());
    out.println("Checking " + export.name + " and " + target + " (reads only, writes nothing):");
    out.println(
        "  settings: ok ("
            + export.first.overview()
            + "; SKU map "
            + export.skuMapFile.getFileName()
            + " with "
            + export.skus.skus().size()
            + " SKUs)");
    SetupCheck result =
        CrmSync.builder().connection(connection).mapping(export.mapping).build().check();
    boolean unreachable = false;
    for (SetupCheck.Problem p : result.problems()) {
      if (p.area() == SetupCheck.Area.SKU_MAP) {
        err.println(
            "error: SKU map " + export.skuMapFile + ", SKU " + p.subject() + ": " + p.message());
      } else {
        unreachable = true;
        err.println("error: cannot use " + target + ": " + p.message());
      }
    }
    if (unreachable) {
      return EXIT_SCALE;
    }
    out.println("  connection and credentials: ok");
    if (!result.ok()) {
      out.println(
          "  SKU map: "
              + result.problems().size()
              + " of "
              + export.skus.skus().size()
              + " SKUs name a product configuration that Scale does not have; fix the SKU map"
              + " (nothing was written)");
      return EXIT_USAGE;
    }
    out.println(
        "  SKU map: ok (every product configuration exists; "
            + result.apiCalls()
            + " API calls, no writes)");
    return EXIT_OK;
  }

  // ------------------------------------------------------------------ sandbox

  private int sandbox(SandboxCommand c, Deque<AutoCloseable> resources) {
    Path skuMapFile = c.skuMap;
    List<SandboxProduct> products;
    if (skuMapFile == null) {
      BundledSample sample = bundledSample();
      resources.push(sample);
      products = products(sample.skuMap());
    } else {
      requireReadable("--sku-map", skuMapFile);
      products = products(skuMapFile);
    }
    Path keyOut = c.keyOut.toAbsolutePath();
    if (keyOut.getParent() == null || !Files.isDirectory(keyOut.getParent())) {
      throw new UsageException("--key-out " + c.keyOut + ": its directory does not exist");
    }
    ScaleSandbox sandbox;
    try {
      sandbox = ScaleSandbox.builder().host(c.host).port(c.port).generateKey().build().start();
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(
          "cannot listen on " + c.host + ":" + c.port + " (" + e.getMessage() + "); pass --port");
    }
    resources.push(sandbox);
    products.forEach(sandbox::seedProductConfiguration);
    try {
      Files.writeString(keyOut, sandbox.generatedPrivateKeyPem(), StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(keyOut, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("Cannot restrict the permissions of {} on this file system", keyOut);
    } catch (IOException e) {
      throw new UsageException("--key-out " + c.keyOut + " cannot be written: " + e.getMessage());
    }
    String url = sandbox.baseUrl().toString();
    out.println("Scale sandbox running at " + url + " (in memory; Ctrl-C or SIGTERM stops it)");
    out.println(
        "  seeded with "
            + products.size()
            + " product configurations from "
            + (c.skuMap == null ? "the bundled sample SKU map" : c.skuMap.toString())
            + "; private key written to "
            + keyOut);
    out.println("Point the sync at it with these variables:");
    out.println("  export SCALE_API_URL=" + url);
    out.println("  export SCALE_JWT_KEY_ID=" + sandbox.generatedKeyId());
    out.println("  export SCALE_JWT_ISSUER=" + SANDBOX_PRINCIPAL);
    out.println("  export SCALE_JWT_SUBJECT=" + SANDBOX_PRINCIPAL);
    out.println("  export SCALE_PRIVATE_KEY_FILE=" + keyOut);
    out.println("or these options:");
    out.println(
        "  --scale-url "
            + url
            + " --key-id "
            + sandbox.generatedKeyId()
            + " --issuer "
            + SANDBOX_PRINCIPAL
            + " --subject "
            + SANDBOX_PRINCIPAL
            + " --private-key "
            + keyOut);
    out.flush();
    try {
      while (!stop.await(java.time.Duration.ofHours(1))) {
        // until stopped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println("Scale sandbox stopped.");
    return EXIT_OK;
  }

  // ------------------------------------------------------------------ shared

  private ScaleConnection connect(ScaleOptions scale) {
    List<String> problems = new ArrayList<>();
    ScaleConnection connection = scale.connect(env, userAgent(), problems);
    if (connection == null) {
      throw new UsageException("a Scale URL is set, but " + String.join("; ", problems));
    }
    return connection;
  }

  /** One cheap read, so that a wrong URL or key fails before anything is synced. */
  private boolean verify(ScaleConnection connection, String target) {
    try {
      connection.verify();
      return true;
    } catch (ScaleException e) {
      LOG.debug("Scale check failed", e);
      err.println("error: cannot use " + target + ": " + e.getMessage());
      return false;
    }
  }

  private static ScaleConnection sandboxConnection(ScaleSandbox sandbox) {
    return sandbox.connectionBuilder().userAgentSuffix(userAgent()).build();
  }

  private static String userAgent() {
    return COMMAND + "/" + Versions.version();
  }

  private static BundledSample bundledSample() {
    try {
      return BundledSample.extract();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static List<SandboxProduct> products(Path skuMapFile) {
    try {
      return SkuMapProducts.read(skuMapFile);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageException("the SKU map cannot be used: " + e.getMessage());
    }
  }

  static CsvExportAdapter readExport(Path input, String system) {
    try {
      return CsvExportAdapter.builder().directory(input).system(system).build();
    } catch (CrmAdapterException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--system: " + e.getMessage());
    }
  }

  private static void requireReadable(String option, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UsageException(option + " " + file + " is not a readable file");
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", resource.getClass().getSimpleName(), e);
    }
  }

  /** An export read and checked: the first run's adapter, the SKU map and the mapping. */
  private static final class Export {
    final Path directory;
    final String name;
    final Path skuMapFile;
    final SkuTable skus;
    final List<SandboxProduct> products;
    final CsvExportAdapter first;
    final CrmMapping mapping;

    Export(
        Path directory,
        String name,
        Path skuMapFile,
        SkuTable skus,
        List<SandboxProduct> products,
        CsvExportAdapter first,
        CrmMapping mapping) {
      this.directory = directory;
      this.name = name;
      this.skuMapFile = skuMapFile;
      this.skus = skus;
      this.products = products;
      this.first = first;
      this.mapping = mapping;
    }
  }

  // ------------------------------------------------------------------ the command line

  /** {@code --input}, {@code --sku-map} and {@code --system}: what to read. */
  static final class InputArgs {
    @Option(
        names = {"-i", "--input"},
        paramLabel = "DIR",
        description =
            "Export directory with accounts.csv, contacts.csv and/or orders.csv (default: the"
                + " bundled sample export).")
    @Nullable Path input;

    @Option(
        names = "--sku-map",
        paramLabel = "FILE",
        description =
            "SKU map CSV: sku,productConfigId[,productName,features] (default: sku-map.csv in the"
                + " input directory or its parent).")
    @Nullable Path skuMap;

    @Option(
        names = "--system",
        paramLabel = "NAME",
        description =
            "CRM system name, the prefix of the Scale keys (file:A-17); keep it stable"
                + " (default: ${DEFAULT-VALUE}).")
    String system = CsvExportAdapter.DEFAULT_SYSTEM;

    /** Reads the export, the SKU map and the mapping; the adapter goes on {@code resources}. */
    Export read(Deque<AutoCloseable> resources) {
      Path directory = input;
      Path skuMapFile = skuMap;
      String name;
      if (directory == null) {
        BundledSample sample = bundledSample();
        resources.push(sample);
        directory = sample.exportDirectory();
        name = "the bundled sample export (samples/clean)";
        if (skuMapFile == null) {
          skuMapFile = sample.skuMap();
        }
      } else {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
          throw new UsageException(
              "--input "
                  + directory
                  + " is not a readable directory (it should hold accounts.csv,"
                  + " contacts.csv and/or orders.csv)");
        }
        name = directory.toString();
        if (skuMapFile == null) {
          skuMapFile = defaultSkuMap(directory);
        }
      }
      requireReadable("--sku-map", skuMapFile);
      SkuTable skus;
      try {
        skus = SkuTable.load(skuMapFile);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new UsageException("the SKU map cannot be used: " + e.getMessage());
      }
      List<SandboxProduct> products = products(skuMapFile);
      CrmMapping mapping;
      try {
        mapping = CrmMapping.builder(system).skus(skus).build();
      } catch (IllegalArgumentException e) {
        throw new UsageException("--system: " + e.getMessage());
      }
      CsvExportAdapter first = readExport(directory, system);
      resources.push(first);
      return new Export(directory, name, skuMapFile, skus, products, first, mapping);
    }

    /** The SKU map beside the export: in its directory, else in the parent (as in samples/). */
    private static Path defaultSkuMap(Path input) {
      Path inDir = input.resolve(BundledSample.SKU_MAP_FILE);
      if (Files.isRegularFile(inDir)) {
        return inDir;
      }
      Path parent = input.toAbsolutePath().getParent();
      Path beside = parent == null ? null : parent.resolve(BundledSample.SKU_MAP_FILE);
      if (beside != null && Files.isRegularFile(beside)) {
        return beside;
      }
      throw new UsageException(
          "no SKU map: pass --sku-map FILE (or put sku-map.csv in " + input + " or its parent)");
    }
  }

  /** Everything {@code sync} and {@code plan} take. */
  static final class SyncArgs {
    @Mixin InputArgs input = new InputArgs();
    @Mixin ScaleOptions scale = new ScaleOptions();
    @Mixin RunOptions run = new RunOptions();
  }

  /** The top-level command: {@code sync} unless another command is named. */
  @Command(
      name = COMMAND,
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      subcommands = {
        SyncCommand.class,
        PlanCommand.class,
        CheckCommand.class,
        SandboxCommand.class
      },
      synopsisSubcommandLabel = "[sync | plan | check | sandbox]",
      description = {
        "Syncs a CRM export in CSV files (accounts.csv, contacts.csv, orders.csv) into 10Duke"
            + " Scale: accounts become licensees, contacts license consumers, order lines"
            + " licenses. Running it again changes nothing unless the files changed.",
        "Without --scale-url (or SCALE_API_URL) it starts an in-process Scale sandbox seeded with"
            + " the SKU map's product configurations, so it runs offline.",
        "Without a command it runs 'sync' with the options below.",
        ""
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:complete: every record synced and nothing is pending (with --every: stopped by"
            + " SIGTERM or Ctrl-C)",
        "1:some records failed or are pending, or the run stopped early (the summary and --report"
            + " list each one; the next run retries what is pending)",
        "2:usage or configuration error (bad option, missing or unreadable file or column,"
            + " incomplete Scale settings)",
        "3:Scale unreachable or authentication failed"
      },
      footerHeading = "%nEnvironment:%n",
      footer = {
        "SCALE_API_URL, SCALE_JWT_KEY_ID, SCALE_JWT_ISSUER, SCALE_JWT_SUBJECT and"
            + " SCALE_PRIVATE_KEY_FILE (or SCALE_PRIVATE_KEY) supply the Scale options not given"
            + " on the command line; SCALE_CONNECT_TIMEOUT, SCALE_READ_TIMEOUT and"
            + " SCALE_MAX_ATTEMPTS tune the connection."
      })
  static final class Main {
    @Mixin SyncArgs args = new SyncArgs();
  }

  /** {@code sync}: the default command. */
  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Syncs the export into Scale (or an in-process sandbox); the default command.",
        ""
      })
  static final class SyncCommand {
    @Mixin SyncArgs args = new SyncArgs();
  }

  /** {@code plan}: a dry run. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Reads everything and prints the plan: every write a sync would make. Writes nothing"
            + " (the same as sync --dry-run).",
        ""
      })
  static final class PlanCommand {
    @Mixin SyncArgs args = new SyncArgs();
  }

  /** {@code check}: settings, connectivity and credentials, without writing. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Checks the settings and the export, that Scale is reachable and accepts the credentials,"
            + " and that every product configuration of the SKU map exists in Scale, with reads"
            + " only. Every missing setting is reported at once.",
        ""
      })
  static final class CheckCommand {
    @Mixin InputArgs input = new InputArgs();
    @Mixin ScaleOptions scale = new ScaleOptions();
  }

  /** {@code sandbox}: a standalone sandbox for trying the sync without a Scale account. */
  @Command(
      name = "sandbox",
      mixinStandardHelpOptions = true,
      versionProvider = Versions.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Starts an in-memory Scale sandbox over HTTP, seeded with the SKU map's product"
            + " configurations, writes its private key to a file and prints the settings to use."
            + " Runs until Ctrl-C or SIGTERM; nothing is kept.",
        ""
      })
  static final class SandboxCommand {
    @Option(
        names = "--port",
        paramLabel = "N",
        description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(
        names = "--host",
        paramLabel = "ADDRESS",
        description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(
        names = "--sku-map",
        paramLabel = "FILE",
        description = "SKU map whose product configurations to seed (default: the bundled one).")
    @Nullable Path skuMap;

    @Option(
        names = "--key-out",
        paramLabel = "FILE",
        description = "Where to write the private key, PKCS#8 PEM (default: ${DEFAULT-VALUE}).")
    Path keyOut = Path.of(SANDBOX_KEY_FILE);
  }
}
