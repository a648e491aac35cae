package io.scalecrm.examples.runner;

import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.CheckpointStore;
import io.scalecrm.crm.CrmSync;
import io.scalecrm.crm.Outcome;
import io.scalecrm.crm.SyncAction;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncListener;
import io.scalecrm.crm.SyncOptions;
import io.scalecrm.crm.SyncReport;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs the way every app does: once, {@code --runs N} times, or {@code --every} period until
 * stopped; prints each run's summary (and plan), writes the {@code --report} file, and turns the
 * result into an {@linkplain ExitCodes exit code}.
 *
 * <p>Scheduled runs ({@code --every}) go on after failed records and unreachable CRMs (the next run
 * retries what is pending) and end on the stop signal with {@link ExitCodes#OK}, after the run in
 * progress has finished its records in flight and saved its checkpoints; only credentials that
 * Scale refuses end them early ({@link ExitCodes#UNREACHABLE}). A single run that is stopped is
 * incomplete ({@link ExitCodes#INCOMPLETE}).
 */
public final class SyncRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
  private static final int PROGRESS_EVERY = 100;

  private final PrintStream out;
  private final PrintStream err;
  private final StopSignal stop;

  /**
   * Creates a runner.
   *
   * @param out where summaries and progress go
   * @param err where errors go
   * @param stop the graceful-stop signal
   */
  public SyncRunner(PrintStream out, PrintStream err, StopSignal stop) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.stop = Objects.requireNonNull(stop, "stop");
  }

  /**
   * Runs the syncs the options ask for.
   *
   * @param sync the facade, connected to Scale
   * @param options the run options, {@linkplain RunOptions#check() checked}
   * @param sources opens what each run reads (called once per run, so that a run sees changed
   *     files); may throw {@link UsageException}
   * @return the exit code
   */
  public int run(CrmSync sync, RunOptions options, Supplier<RunSource> sources) {
    Duration every = options.every();
    int runs = every == null ? options.runs() : Integer.MAX_VALUE;
    CheckpointStore checkpoints =
        options.checkpoint() == null
            ? CheckpointStore.none()
            : CheckpointStore.file(Objects.requireNonNull(options.checkpoint()));
    if (every != null && options.checkpoint() == null && !options.quiet()) {
      out.println(
          "Note: without --checkpoint every scheduled run reads everything again (and writes"
              + " nothing that is already in Scale).");
    }
    int worst = ExitCodes.OK;
    for (int run = 1; run <= runs; run++) {
      if (stop.requested()) {
        if (every == null) {
          // stopped before all the runs asked for
          worst = Math.max(worst, ExitCodes.INCOMPLETE);
        }
        break;
      }
      Instant started = Instant.now();
      if (every != null) {
        out.println("Run " + run + " (" + started + "):");
      } else if (runs > 1 && !options.quiet()) {
        out.println("Run " + run + " of " + runs + ":");
      }
      String title = every != null || runs > 1 ? "Run " + run + " summary" : "Summary";
      int code;
      try {
        code = once(sync, options, checkpoints, sources, title);
      } catch (UsageException e) {
        if (every == null || run == 1) {
          throw e;
        }
        err.println("error: " + e.getMessage() + " (trying again at the next run)");
        code = ExitCodes.INCOMPLETE;
      }
      if (code == ExitCodes.UNREACHABLE) {
        return code;
      }
      worst = Math.max(worst, code);
      if (every != null && !awaitNext(started, every)) {
        break;
      }
    }
    if (every != null) {
      out.println("Stopped: the last run finished its records in flight and saved its checkpoint.");
      return ExitCodes.OK;
    }
    return worst;
  }

  private int once(
      CrmSync sync,
      RunOptions options,
      CheckpointStore checkpoints,
      Supplier<RunSource> sources,
      String title) {
    SyncReport report;
    try (RunSource source = sources.get();
        ReportFile file = options.report() == null ? null : ReportFile.open(options.report())) {
      SyncListener progress =
          options.quiet() ? SyncListener.NONE : new ProgressPrinter(out, PROGRESS_EVERY);
      try {
        report =
            sync.sync(
                source.adapter(),
                SyncOptions.builder()
                    .dryRun(options.dryRun())
                    .concurrency(options.concurrency())
                    .pageSize(options.pageSize())
                    .checkpoints(checkpoints)
                    .maxRemovals(options.maxRemovals())
                    .listener(both(progress, file))
                    .stopWhen(stop::requested)
                    .build());
      } catch (ScaleException e) {
        // the sync reports Scale's failures per record; this is a safety net
        LOG.debug("The sync failed", e);
        err.println("error: " + e.getMessage());
        return ExitCodes.UNREACHABLE;
      }
      Summary.print(out, title, report, source);
      if (options.dryRun()) {
        Summary.printPlan(out, report);
      }
      if (file != null) {
        file.finish(report, source);
        if (!options.quiet()) {
          out.println("Report written to " + options.report());
        }
      }
    }
    return ExitCodes.of(report);
  }

  /** Waits for the next scheduled start; {@code false} when the stop came first. */
  private boolean awaitNext(Instant started, Duration every) {
    Duration wait = Duration.between(Instant.now(), started.plus(every));
    if (!wait.isNegative() && !wait.isZero()) {
      out.println("Next run at " + started.plus(every) + " (stop with Ctrl-C or SIGTERM)");
    }
    try {
      return !stop.await(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SyncListener both(SyncListener first, @Nullable SyncListener second) {
    if (second == null) {
      return first;
    }
    return new SyncListener() {
      @Override
      public void onPhase(CrmRecordType type) {
        first.onPhase(type);
        second.onPhase(type);
      }

      @Override
      public void onRecord(CrmRecordType type, String crmId, Outcome outcome) {
        first.onRecord(type, crmId, outcome);
        second.onRecord(type, crmId, outcome);
      }

      @Override
      public void onFailure(SyncFailure failure) {
        first.onFailure(failure);
        second.onFailure(failure);
      }

      @Override
      public void onAction(SyncAction action) {
        first.onAction(action);
        second.onAction(action);
      }
    };
  }
}
