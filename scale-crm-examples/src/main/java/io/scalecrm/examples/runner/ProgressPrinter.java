package io.scalecrm.examples.runner;

import io.scalecrm.crm.Outcome;
import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.SyncListener;
import io.scalecrm.crm.spi.CrmRecordType;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Prints a line when a sync phase starts and every {@code every} records of a phase. Called from
 * the sync's worker threads, so it synchronises.
 */
final class ProgressPrinter implements SyncListener {
  private final PrintStream out;
  private final int every;
  private final Map<CrmRecordType, Integer> seen = new EnumMap<>(CrmRecordType.class);

  ProgressPrinter(PrintStream out, int every) {
    this.out = out;
    this.every = every;
  }

  @Override
  public synchronized void onPhase(CrmRecordType type) {
    out.println("  syncing " + Summary.plural(type) + "...");
  }

  @Override
  public synchronized void onRecord(CrmRecordType type, String crmId, Outcome outcome) {
    int n = seen.merge(type, 1, Integer::sum);
    if (n % every == 0) {
      out.println("    " + n + " " + Summary.plural(type) + " done");
    }
  }

  @Override
  public void onFailure(SyncFailure failure) {
    // listed in the summary
  }
}
