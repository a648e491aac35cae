package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.util.Objects;

/**
 * A record a sync could not finish for a reason other than its own data, kept next to its stream's
 * cursor so that the next run retries it.
 *
 * @param crmId the record's CRM id
 * @param cursor where the record was in the change order when it failed; the next run reads again
 *     from just before the earliest pending record
 * @param kind why it is pending (never {@link FailureKind#RECORD_DATA})
 * @param reason a short reason, without secrets
 */
public record PendingRecord(String crmId, ChangeCursor cursor, FailureKind kind, String reason) {
  /**
   * Checks the values.
   *
   * @param crmId the record's CRM id
   * @param cursor where the record was in the change order when it failed
   * @param kind why it is pending
   * @param reason a short reason, without secrets
   */
  public PendingRecord {
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    if (!kind.pending()) {
      throw new IllegalArgumentException("A record-data failure is never pending");
    }
  }
}
