package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CrmSync#sync sync} did (or, in a dry run, would do).
 *
 * <p>A run is {@linkplain #complete() complete} only when nothing is pending: every record it read
 * either synced or failed because of its own data, no record of an earlier run is still pending,
 * and the run was not stopped. Only a complete run may be reported as done (exit code 0).
 *
 * @param dryRun whether this was a dry run (nothing written)
 * @param counts outcomes per record type (accounts, contacts, order lines)
 * @param failures every record that did not sync, with record id, field, reason and kind
 * @param apiCalls Scale API calls made, per operation (HTTP attempts, retries included: the unit
 *     Scale bills)
 * @param actionCounts the writes performed (or planned), per kind; complete
 * @param actions the writes performed (or planned) in the order they happened, up to {@link
 *     SyncOptions#maxReportedActions()}; a {@link SyncListener} sees every one
 * @param pendingRecords records pending after the run, in the checkpoint store or, without one,
 *     from this run's failures
 * @param stop why the run stopped early, or {@code null} when it handled everything it read
 * @param elapsed the run's duration
 */
public record SyncReport(
    boolean dryRun,
    Map<CrmRecordType, OutcomeCounts> counts,
    List<SyncFailure> failures,
    Map<String, Long> apiCalls,
    Map<ActionType, Long> actionCounts,
    List<SyncAction> actions,
    long pendingRecords,
    @Nullable RunStop stop,
    Duration elapsed) {

  /** The Scale operations that write, by the spec's operation ids. */
  public static final Set<String> WRITE_OPERATIONS =
      Set.of(
          "setupOrganization",
          "setupUser",
          "updateLicensee",
          "deleteLicensee",
          "deleteUser",
          "createLicenseConsumer",
          "updateLicenseConsumer",
          "deleteLicenseConsumer",
          "createLicenseContainer",
          "updateLicenseContainer",
          "deleteLicenseContainer",
          "grantAccessToDefaultContainer",
          "grantAccessToLicenseContainer",
          "revokeAccessToDefaultContainer",
          "revokeAccessToLicenseContainer",
          "grantLicensesByProductConfig",
          "revokeLicenses",
          "editLicenseValidity",
          "deleteLicense");

  /**
   * Copies the collections.
   *
   * @param dryRun whether this was a dry run (nothing written)
   * @param counts outcomes per record type
   * @param failures every record that did not sync
   * @param apiCalls Scale API calls made, per operation
   * @param actionCounts the writes performed (or planned), per kind
   * @param actions the writes performed (or planned), in order, possibly cut short
   * @param pendingRecords records pending after the run
   * @param stop why the run stopped early, or {@code null}
   * @param elapsed the run's duration
   */
  public SyncReport {
    EnumMap<CrmRecordType, OutcomeCounts> c = new EnumMap<>(CrmRecordType.class);
    c.putAll(counts);
    counts = Collections.unmodifiableMap(c);
    failures = List.copyOf(failures);
    apiCalls = Collections.unmodifiableMap(new TreeMap<>(apiCalls));
    EnumMap<ActionType, Long> a = new EnumMap<>(ActionType.class);
    a.putAll(actionCounts);
    actionCounts = Collections.unmodifiableMap(a);
    actions = List.copyOf(actions);
  }

  /**
   * The outcome counts of one record type.
   *
   * @param type the record type
   * @return the counts, zero when none
   */
  public OutcomeCounts countsOf(CrmRecordType type) {
    return counts.getOrDefault(type, OutcomeCounts.ZERO);
  }

  /**
   * Write calls made to Scale (HTTP attempts of writing operations); zero in a dry run and in a
   * second run over unchanged data.
   *
   * @return the number of write calls
   */
  public long writes() {
    return apiCalls.entrySet().stream()
        .filter(e -> WRITE_OPERATIONS.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * All Scale API calls made.
   *
   * @return the total
   */
  public long apiCallsTotal() {
    return apiCalls.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Why the run stopped early.
   *
   * @return the stop, or empty when the run handled everything it read
   */
  public Optional<RunStop> stopped() {
    return Optional.ofNullable(stop);
  }

  /**
   * The failures that keep their records pending (everything but the records' own bad data).
   *
   * @return the pending failures
   */
  public List<SyncFailure> pendingFailures() {
    return failures.stream().filter(SyncFailure::pending).toList();
  }

  /**
   * Whether nothing is pending: the run was not stopped, and no record (of this run or an earlier
   * one) waits to be retried. Records that failed because of their own data do not count: they come
   * back when the CRM changes them.
   *
   * @return {@code true} when the run is complete
   */
  public boolean complete() {
    return stop == null && pendingRecords == 0 && failures.stream().noneMatch(SyncFailure::pending);
  }

  /**
   * Whether every record synced: the run is complete and no record failed.
   *
   * @return {@code true} when complete and without failures
   */
  public boolean successful() {
    return complete() && failures.isEmpty();
  }
}
