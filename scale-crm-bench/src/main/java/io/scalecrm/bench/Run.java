package io.scalecrm.bench;

import io.scalecrm.crm.SyncReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured sync: its Scale API calls as the sandbox journal counted them (the ground truth),
 * and its elapsed time.
 *
 * @param scenario what was run
 * @param size the export's label ({@code 1k}, {@code 10k}, ...)
 * @param records accounts + contacts + order lines in the export
 * @param changedRecords records the run had to change (the 1 % run), else 0
 * @param concurrency records handled at once (1 for the naive flow)
 * @param latencyMs latency injected per call
 * @param calls Scale API calls received by the sandbox
 * @param reportedCalls Scale API calls the sync reported ({@code SyncReport.apiCallsTotal()}); -1
 *     for the naive flow, which reports nothing
 * @param writes calls of writing operations
 * @param seconds wall-clock time of the run, the reading of the export included
 * @param callsByOperation calls per operation id
 * @param complete whether the run synced every record ({@code SyncReport.successful()})
 * @param problem the first failure when not complete, else empty
 */
record Run(
    Scenario scenario,
    String size,
    long records,
    long changedRecords,
    int concurrency,
    int latencyMs,
    long calls,
    long reportedCalls,
    long writes,
    double seconds,
    Map<String, Long> callsByOperation,
    boolean complete,
    String problem) {

  Run {
    callsByOperation = new TreeMap<>(callsByOperation);
  }

  static long writes(Map<String, Long> callsByOperation) {
    return callsByOperation.entrySet().stream()
        .filter(e -> SyncReport.WRITE_OPERATIONS.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  double callsPerRecord() {
    return (double) calls / records;
  }

  double callsPerWrite() {
    return writes == 0 ? Double.NaN : (double) calls / writes;
  }

  double callsPerChangedRecord() {
    return changedRecords == 0 ? Double.NaN : (double) calls / changedRecords;
  }

  double recordsPerSecond() {
    return records / seconds;
  }

  /** The latency bound: calls × latency ÷ concurrency. */
  double boundSeconds() {
    return calls * (latencyMs / 1000.0) / concurrency;
  }

  /** Elapsed time ÷ the latency bound. */
  double ratioToBound() {
    return seconds / boundSeconds();
  }
}
