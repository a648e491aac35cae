package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link CrmSync#sync sync} did (or, in a dry run, would do).
 *
 * @param dryRun whether this was a dry run (nothing written)
 * @param counts outcomes per record type (accounts, contacts, order lines)
 * @param failures every record that did not sync, with record id, field and reason
 * @param apiCalls Scale API calls made, per operation (HTTP attempts, retries included: the unit
 *     Scale bills)
 * @param actions the writes performed, or in a dry run planned, in the order they happened
 * @param elapsed the run's duration
 */
public record SyncReport(
    boolean dryRun,
    Map<CrmRecordType, OutcomeCounts> counts,
    List<SyncFailure> failures,
    Map<String, Long> apiCalls,
    List<SyncAction> actions,
    Duration elapsed) {

  /** The Scale operations that write. */
  public static final Set<String> WRITE_OPERATIONS =
      Set.of(
          "setupOrganization",
          "setupUser",
          "updateLicensee",
          "createLicenseConsumer",
          "updateLicenseConsumer",
          "grantAccessToDefaultContainer",
          "grantLicensesByProductConfig",
          "revokeLicenses",
          "deleteLicense");

  /**
   * Copies the collections.
   *
   * @param dryRun whether this was a dry run (nothing written)
   * @param counts outcomes per record type (accounts, contacts, order lines)
   * @param failures every record that did not sync, with record id, field and reason
   * @param apiCalls Scale API calls made, per operation (HTTP attempts, retries included: the unit
   *     Scale bills)
   * @param actions the writes performed, or in a dry run planned, in the order they happened
   * @param elapsed the run's duration
   */
  public SyncReport {
    EnumMap<CrmRecordType, OutcomeCounts> c = new EnumMap<>(CrmRecordType.class);
    c.putAll(counts);
    counts = Collections.unmodifiableMap(c);
    failures = List.copyOf(failures);
    apiCalls = Collections.unmodifiableMap(new TreeMap<>(apiCalls));
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
   * Whether every record synced.
   *
   * @return {@code true} when there are no failures
   */
  public boolean successful() {
    return failures.isEmpty();
  }
}
