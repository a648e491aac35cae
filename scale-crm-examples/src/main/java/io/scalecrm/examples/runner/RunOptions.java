package io.scalecrm.examples.runner;

import io.scalecrm.crm.RemovalLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The run options every app takes: {@code --dry-run}, {@code --report}, {@code --checkpoint},
 * {@code --max-removals}, {@code --concurrency}, {@code --page-size}, {@code --runs}, {@code
 * --every} and {@code --quiet}. A picocli mixin.
 */
public final class RunOptions {
  @Option(
      names = "--dry-run",
      description =
          "Read everything and print the plan (every write a real run would make), but"
              + " write nothing to Scale.")
  boolean dryRun;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Write the (last) run's report as JSON: complete, pending records, stop reason,"
              + " counts, failures, API calls, actions.")
  @Nullable Path report;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Keep change cursors and pending records in FILE, so that the next run reads only what"
              + " changed and retries what is pending (default: read everything every time).")
  @Nullable Path checkpoint;

  @Option(
      names = "--max-removals",
      paramLabel = "N|P%",
      description =
          "Stop before the first removal when a run would remove, revoke or delete more than N"
              + " entities or P%% of the synced ones (default: 5%% or 100, whichever is smaller).")
  @Nullable String maxRemovals;

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
      names = "--runs",
      paramLabel = "N",
      description =
          "Sync N times in a row, printing each summary; the second run over unchanged data writes"
              + " nothing (default: 1).")
  int runs = 1;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      description =
          "Run on a schedule until stopped: a new run every DURATION (ISO-8601, e.g. PT5M or PT1H)"
              + " after the previous one started. SIGTERM or Ctrl-C finishes the records in"
              + " flight, saves the checkpoint and exits with 0.")
  @Nullable String every;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the summaries (no progress).")
  boolean quiet;

  /** Creates the options with their defaults. */
  public RunOptions() {}

  /**
   * Whether this is a dry run.
   *
   * @return {@code true} with {@code --dry-run}
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Makes this a dry run (the {@code plan} command).
   *
   * @return this
   */
  public RunOptions planOnly() {
    dryRun = true;
    return this;
  }

  /**
   * The checkpoint file.
   *
   * @return the file, or {@code null} without {@code --checkpoint}
   */
  public @Nullable Path checkpoint() {
    return checkpoint;
  }

  /**
   * Sets the checkpoint file unless {@code --checkpoint} was given (an app's environment default).
   *
   * @param file the file, or {@code null}
   */
  public void defaultCheckpoint(@Nullable Path file) {
    if (checkpoint == null) {
      checkpoint = file;
    }
  }

  /**
   * Whether only summaries are printed.
   *
   * @return {@code true} with {@code --quiet}
   */
  public boolean quiet() {
    return quiet;
  }

  /**
   * The report file.
   *
   * @return the file, or {@code null} without {@code --report}
   */
  public @Nullable Path report() {
    return report;
  }

  int concurrency() {
    return concurrency;
  }

  int pageSize() {
    return pageSize;
  }

  int runs() {
    return runs;
  }

  /**
   * The schedule of {@code --every}.
   *
   * @return the period, or {@code null} for a fixed number of runs
   */
  @Nullable Duration every() {
    if (every == null) {
      return null;
    }
    try {
      return Duration.parse(every.strip());
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--every must be an ISO-8601 duration such as PT5M or PT1H (was '" + every + "')");
    }
  }

  /**
   * The removal limit of {@code --max-removals}.
   *
   * @return the limit, {@link RemovalLimit#DEFAULT} when not given
   */
  RemovalLimit maxRemovals() {
    if (maxRemovals == null) {
      return RemovalLimit.DEFAULT;
    }
    try {
      return RemovalLimit.parse(maxRemovals);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--max-removals must be a count such as 25 or a share such as 10% (was '"
              + maxRemovals
              + "')");
    }
  }

  /**
   * Checks the values: ranges, the schedule, the removal limit and the directories of the files.
   *
   * @throws UsageException on the first problem found
   */
  public void check() {
    range("--concurrency", concurrency, 1, 64);
    range("--page-size", pageSize, 1, 1000);
    range("--runs", runs, 1, 10);
    Duration period = every();
    if (period != null) {
      if (period.isNegative() || period.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new UsageException("--every must be at least PT1S");
      }
      if (runs != 1) {
        throw new UsageException("use either --runs or --every, not both");
      }
    }
    maxRemovals();
    parent("--report", report);
    parent("--checkpoint", checkpoint);
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException(name + " must be between " + min + " and " + max);
    }
  }

  private static void parent(String name, @Nullable Path file) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException(name + " " + file + ": its directory does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new UsageException(name + " " + file + " is a directory; name a file");
    }
  }
}
