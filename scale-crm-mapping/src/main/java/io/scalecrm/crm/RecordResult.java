package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CrmSync#apply} did with one CRM record or tombstone: the same steps a bulk sync takes
 * for it, as one result.
 *
 * @param recordType the record's type (for a tombstone, the type of the removed record)
 * @param crmId the record's CRM id
 * @param outcome the overall outcome: {@link Outcome#FAILED} when anything failed, else the most
 *     significant of the record's (for orders: its lines') outcomes
 * @param failures every failure, each with its {@link FailureKind}; for an order, one per failed
 *     line
 * @param actions the writes made, in order
 */
public record RecordResult(
    CrmRecordType recordType,
    String crmId,
    Outcome outcome,
    List<SyncFailure> failures,
    List<SyncAction> actions) {
  /**
   * Checks for nulls and copies the lists.
   *
   * @param recordType the record's type
   * @param crmId the record's CRM id
   * @param outcome the overall outcome
   * @param failures every failure
   * @param actions the writes made
   */
  public RecordResult {
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(outcome, "outcome");
    failures = List.copyOf(failures);
    actions = List.copyOf(actions);
  }

  /**
   * Whether something is still to do for this record: a failure other than the record's own data.
   * Apply the record again later (every step is idempotent).
   *
   * @return {@code true} when a failure is pending
   */
  public boolean pending() {
    return failures.stream().anyMatch(SyncFailure::pending);
  }

  /**
   * Whether the record is done: synced, or failed only because of its own data.
   *
   * @return {@code true} when nothing is pending
   */
  public boolean complete() {
    return !pending();
  }
}
