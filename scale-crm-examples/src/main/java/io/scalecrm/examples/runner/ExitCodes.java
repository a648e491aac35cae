package io.scalecrm.examples.runner;

import io.scalecrm.crm.StopReason;
import io.scalecrm.crm.SyncReport;

/** The exit codes of every sample app and of {@code scale-crm-sync}. */
public final class ExitCodes {
  /** Every record synced and nothing is pending (with a dry run: every record would sync). */
  public static final int OK = 0;

  /**
   * Some records failed or are pending, the run was stopped early, or the removal guard stopped
   * removals. The summary and the report list each record; the next run retries what is pending.
   */
  public static final int INCOMPLETE = 1;

  /** A usage or configuration error: nothing was synced. */
  public static final int USAGE = 2;

  /** Scale (or the CRM) was unreachable, or refused the credentials. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}

  /**
   * The exit code of a finished run: {@link #OK} only when the run is complete and no record
   * failed, {@link #UNREACHABLE} when Scale refused the credentials during the run, else {@link
   * #INCOMPLETE}.
   *
   * @param report the run's report
   * @return the exit code
   */
  public static int of(SyncReport report) {
    if (report.stopped().map(s -> s.reason() == StopReason.AUTHENTICATION).orElse(false)) {
      return UNREACHABLE;
    }
    return report.successful() ? OK : INCOMPLETE;
  }
}
