package io.scalecrm.examples.file;

import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleJwtCredentials;
import io.scalecrm.crm.CheckpointStore;
import io.scalecrm.crm.CrmMapping;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.SkuTable;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncListener;
import io.scalecrm.crm.SyncOptions;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.testkit.SandboxProduct;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The file-based sync CLI: syncs a CRM export in CSV files ({@link CsvExportAdapter}) into Scale,
 * or, without a Scale URL, into an in-process {@link ScaleSandbox}, and prints what it did.
 *
 * <pre>
 * mvn -B -q -pl scale-crm-examples exec:java -Dexec.args="--runs 2"
 * </pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} every record synced; {@value #EXIT_FAILURES} some records
 * failed; {@value #EXIT_USAGE} usage or configuration error; {@value #EXIT_SCALE} Scale unreachable
 * or authentication failed. See {@code README-file-cli.md} for the file formats.
 */
public final class FileSyncCli {
  private static final Logger LOG = LoggerFactory.getLogger(FileSyncCli.class);

  /** Exit code: every record synced. */
  public static final int EXIT_OK = 0;

  /** Exit code: some records failed; the summary and the report list them. */
  public static final int EXIT_FAILURES = 1;

  /** Exit code: a usage or configuration error (bad option, missing or unreadable file). */
  public static final int EXIT_USAGE = 2;

  /** Exit code: Scale was unreachable or refused the credentials; nothing was synced. */
  public static final int EXIT_SCALE = 3;

  /** Issuer and subject of the JWTs signed for the in-process sandbox (which accepts any). */
  private static final String SANDBOX_PRINCIPAL = "scale-file-sync";

  private static final int PROGRESS_EVERY = 100;

  private static final String SYNC_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.scalecrm.crm.SyncRun";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /**
   * Creates a CLI that prints to the given streams and reads the given environment.
   *
   * @param out where the summary and progress go
   * @param err where errors and usage help go
   * @param env the environment variables ({@code SCALE_API_URL} and the others)
   */
  public FileSyncCli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // The summary lists every failure with its row; the sync's own per-record warnings would
    // repeat them on stderr. Override with
    // -Dorg.slf4j.simpleLogger.log.io.scalecrm.crm.SyncRun=warn.
    if (System.getProperty(SYNC_LOG_LEVEL) == null) {
      System.setProperty(SYNC_LOG_LEVEL, "error");
    }
    // The JDK HttpServer behind the in-process sandbox otherwise waits for delayed TCP ACKs
    // (about 40 ms per request on a kept-alive connection).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    System.exit(new FileSyncCli(System.out, System.err, System.getenv()).run(args));
  }

  /**
   * Runs the CLI without exiting.
   *
   * @param args the command line
   * @return the exit code: {@value #EXIT_OK}, {@value #EXIT_FAILURES}, {@value #EXIT_USAGE} or
   *     {@value #EXIT_SCALE}
   */
  public int run(String... args) {
    Options options = new Options();
    CommandLine cmd = new CommandLine(options);
    try {
      cmd.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      e.getCommandLine().usage(err);
      return EXIT_USAGE;
    }
    if (cmd.isUsageHelpRequested()) {
      cmd.usage(out);
      return EXIT_OK;
    }
    if (cmd.isVersionHelpRequested()) {
      cmd.printVersionHelp(out);
      return EXIT_OK;
    }
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      return execute(options, resources);
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

  private int execute(Options o, Deque<AutoCloseable> resources) {
    checkRange("--concurrency", o.concurrency, 1, 64);
    checkRange("--page-size", o.pageSize, 1, 1000);
    checkRange("--runs", o.runs, 1, 10);
    checkParent("--report", o.report);
    checkParent("--checkpoint", o.checkpoint);

    // ---- the export and the SKU map
    Path input = o.input;
    Path skuMapFile = o.skuMap;
    String inputName;
    if (input == null) {
      BundledSample sample;
      try {
        sample = BundledSample.extract();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      resources.push(sample);
      input = sample.exportDirectory();
      inputName = "the bundled sample export (samples/clean)";
      if (skuMapFile == null) {
        skuMapFile = sample.skuMap();
      }
    } else {
      if (!Files.isDirectory(input) || !Files.isReadable(input)) {
        throw new UsageException(
            "--input "
                + input
                + " is not a readable directory (it should hold accounts.csv,"
                + " contacts.csv and/or orders.csv)");
      }
      inputName = input.toString();
      if (skuMapFile == null) {
        skuMapFile = defaultSkuMap(input);
      }
    }
    if (!Files.isRegularFile(skuMapFile) || !Files.isReadable(skuMapFile)) {
      throw new UsageException("--sku-map " + skuMapFile + " is not a readable file");
    }
    SkuTable skus;
    List<SandboxProduct> products;
    try {
      skus = SkuTable.load(skuMapFile);
      products = SkuMapProducts.read(skuMapFile);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new UsageException("the SKU map cannot be used: " + e.getMessage());
    }
    CsvExportAdapter firstAdapter = readExport(input, o.system);
    resources.push(firstAdapter);
    CrmMapping mapping;
    try {
      mapping = CrmMapping.builder(o.system).skus(skus).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--system: " + e.getMessage());
    }

    // ---- Scale: the configured one, or an in-process sandbox
    String scaleUrl = value(o.scaleUrl, ScaleConnection.ENV_API_URL);
    ScaleConnection connection;
    String target;
    if (scaleUrl != null) {
      connection = connect(o, scaleUrl);
      target = "Scale at " + printable(connection.baseUrl());
    } else {
      ScaleSandbox sandbox = ScaleSandbox.builder().generateKey().build().start();
      resources.push(sandbox);
      for (SandboxProduct p : products) {
        sandbox.seedProductConfiguration(p);
      }
      connection =
          ScaleConnection.builder()
              .baseUrl(sandbox.baseUrl())
              .credentials(
                  ScaleJwtCredentials.builder()
                      .keyId(sandbox.generatedKeyId())
                      .issuer(SANDBOX_PRINCIPAL)
                      .subject(SANDBOX_PRINCIPAL)
                      .privateKeyPem(sandbox.generatedPrivateKeyPem())
                      .build())
              .userAgentSuffix("scale-file-sync/0.1")
              .build();
      target =
          "an in-process Scale sandbox at "
              + sandbox.baseUrl()
              + " (seeded with "
              + products.size()
              + " product configurations; pass --scale-url for a real Scale)";
    }
    resources.push(connection);
    if (!o.quiet) {
      out.println("Syncing " + inputName + " into " + target);
      out.println(
          "  read "
              + firstAdapter.overview()
              + "; system '"
              + o.system
              + "', SKU map "
              + skuMapFile.getFileName()
              + " ("
              + skus.skus().size()
              + " SKUs)");
    }
    try {
      // one cheap read first, so that a wrong URL or key fails the run before any sync
      connection.verify();
    } catch (ScaleException e) {
      LOG.debug("Scale check failed", e);
      err.println("error: cannot use " + target + ": " + e.getMessage());
      return EXIT_SCALE;
    }

    // ---- the runs
    CrmSync sync = CrmSync.builder().connection(connection).mapping(mapping).build();
    CheckpointStore checkpoints =
        o.checkpoint == null ? CheckpointStore.none() : CheckpointStore.file(o.checkpoint);
    SyncReport report = null;
    CsvExportAdapter lastAdapter = firstAdapter;
    boolean allSynced = true;
    for (int run = 1; run <= o.runs; run++) {
      CsvExportAdapter adapter = run == 1 ? firstAdapter : readExport(input, o.system);
      if (run > 1) {
        resources.push(adapter);
      }
      if (!o.quiet && o.runs > 1) {
        out.println("Run " + run + " of " + o.runs + ":");
      }
      SyncListener listener =
          o.quiet ? SyncListener.NONE : new ProgressPrinter(out, PROGRESS_EVERY);
      report =
          sync.sync(
              adapter,
              SyncOptions.builder()
                  .dryRun(o.dryRun)
                  .concurrency(o.concurrency)
                  .pageSize(o.pageSize)
                  .checkpoints(checkpoints)
                  .listener(listener)
                  .build());
      Summary.print(
          out, o.runs > 1 ? "Run " + run + " summary" : "Summary", report, locator(adapter));
      if (o.dryRun) {
        Summary.printPlan(out, report);
      }
      allSynced &= report.successful();
      lastAdapter = adapter;
    }
    if (o.report != null) {
      try {
        JsonReport.write(o.report, Objects.requireNonNull(report), locator(lastAdapter));
      } catch (IOException e) {
        throw new UsageException("cannot write the report " + o.report + ": " + e.getMessage());
      }
      if (!o.quiet) {
        out.println("Report written to " + o.report);
      }
    }
    return allSynced ? EXIT_OK : EXIT_FAILURES;
  }

  /** Finds the file and row of a failed record, unless its id already names them. */
  private static Function<SyncFailure, Optional<String>> locator(CsvExportAdapter adapter) {
    return f ->
        f.crmId().contains(" row ")
            ? Optional.empty()
            : adapter.location(f.recordType(), f.crmId());
  }

  private static CsvExportAdapter readExport(Path input, String system) {
    try {
      return CsvExportAdapter.builder().directory(input).system(system).build();
    } catch (CrmAdapterException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--system: " + e.getMessage());
    }
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

  private ScaleConnection connect(Options o, String scaleUrl) {
    String keyId = required(o.keyId, "--key-id", ScaleConnection.ENV_JWT_KEY_ID);
    String issuer = required(o.issuer, "--issuer", ScaleConnection.ENV_JWT_ISSUER);
    String subject = required(o.subject, "--subject", ScaleConnection.ENV_JWT_SUBJECT);
    String keyFile =
        required(
            o.privateKey == null ? null : o.privateKey.toString(),
            "--private-key",
            ScaleConnection.ENV_PRIVATE_KEY_FILE);
    Path key = Path.of(keyFile);
    if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
      throw new UsageException("--private-key " + key + " is not a readable file");
    }
    try {
      return ScaleConnection.builder()
          .baseUrl(scaleUrl)
          .credentials(
              ScaleJwtCredentials.builder()
                  .keyId(keyId)
                  .issuer(issuer)
                  .subject(subject)
                  .privateKeyFile(key)
                  .build())
          .userAgentSuffix("scale-file-sync/0.1")
          .build();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // the client's messages name the setting and never contain key material
      throw new UsageException(e.getMessage());
    }
  }

  private @Nullable String value(@Nullable String option, String envName) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    String fromEnv = env.get(envName);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
  }

  private String required(@Nullable String option, String name, String envName) {
    String v = value(option, envName);
    if (v == null) {
      throw new UsageException(
          "a Scale URL is set, so " + name + " (or " + envName + ") is required too");
    }
    return v;
  }

  private static void checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException(name + " must be between " + min + " and " + max);
    }
  }

  private static void checkParent(String name, @Nullable Path file) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent) || Files.isDirectory(file)) {
      throw new UsageException(name + " " + file + ": no such directory, or it is a directory");
    }
  }

  /** The URL without user info or query, which could hold secrets. */
  private static String printable(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + Objects.requireNonNullElse(url.getPath(), "");
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", resource.getClass().getSimpleName(), e);
    }
  }

  /** A usage or configuration error: exit code {@value #EXIT_USAGE}. */
  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /** The command line options (a new instance per run). */
  @Command(
      name = "scale-file-sync",
      mixinStandardHelpOptions = true,
      version = "scale-file-sync 0.1 (Scale CRM Sync examples)",
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {
        "Syncs a CRM export in CSV files (accounts.csv, contacts.csv, orders.csv) into 10Duke"
            + " Scale: accounts become licensees, contacts license consumers, order lines"
            + " licenses. Running it again changes nothing unless the files changed.",
        "Without --scale-url (or SCALE_API_URL) it starts an in-process Scale sandbox seeded with"
            + " the SKU map's product configurations, so it runs offline.",
        ""
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every record synced",
        "1:some records failed (the summary and --report list each with row and field)",
        "2:usage or configuration error (bad option, missing or unreadable file or column)",
        "3:Scale unreachable or authentication failed (nothing synced)"
      },
      footerHeading = "%nEnvironment:%n",
      footer = {
        "SCALE_API_URL, SCALE_JWT_KEY_ID, SCALE_JWT_ISSUER, SCALE_JWT_SUBJECT and"
            + " SCALE_PRIVATE_KEY_FILE supply the Scale options not given on the command line."
      })
  static final class Options {
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

    @Option(
        names = "--scale-url",
        paramLabel = "URL",
        description = "Scale API base URL (env SCALE_API_URL); without it, an in-process sandbox.")
    @Nullable String scaleUrl;

    @Option(
        names = "--key-id",
        paramLabel = "ID",
        description = "Key id of the Scale JWT signing key (env SCALE_JWT_KEY_ID).")
    @Nullable String keyId;

    @Option(
        names = "--issuer",
        paramLabel = "ISS",
        description = "Issuer registered with the key (env SCALE_JWT_ISSUER).")
    @Nullable String issuer;

    @Option(
        names = "--subject",
        paramLabel = "SUB",
        description = "Subject of the Scale JWTs (env SCALE_JWT_SUBJECT).")
    @Nullable String subject;

    @Option(
        names = "--private-key",
        paramLabel = "FILE",
        description = "PKCS#8 PEM private key file (env SCALE_PRIVATE_KEY_FILE).")
    @Nullable Path privateKey;

    @Option(
        names = "--dry-run",
        description = "Read everything and print the plan, but write nothing to Scale.")
    boolean dryRun;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description =
            "Write the (last) run's report as JSON: counts, failures, API calls, actions,"
                + " elapsed time.")
    @Nullable Path report;

    @Option(
        names = "--concurrency",
        paramLabel = "N",
        description = "Records handled at once, 1-64 (default: ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "Records read per page, 1-1000 (default: ${DEFAULT-VALUE}).")
    int pageSize = 100;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        description =
            "Keep change cursors in FILE, so that the next run reads only rows whose"
                + " 'modified' is later (default: read everything every time).")
    @Nullable Path checkpoint;

    @Option(
        names = "--runs",
        paramLabel = "N",
        description =
            "Sync N times in a row against the same Scale (or sandbox), printing each summary;"
                + " the second run of an unchanged export writes nothing (default: 1).")
    int runs = 1;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print only the summary (no progress).")
    boolean quiet;
  }
}
