package io.scalecrm.kafka.connect;

import io.scalecrm.crm.FailureKind;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One reason why an event was not (fully) applied and went to the dead-letter queue.
 *
 * @param recordType the record at fault: {@code account}, {@code contact}, {@code order}, {@code
 *     order line}, or {@code event} when the event is not a recognisable record
 * @param crmId the record's CRM id (for a line, the line id), or {@code ?} when unknown
 * @param field the field at fault in the event's terms, or {@code null} when not one field
 * @param reason what is wrong, never the field's value
 * @param kind {@link FailureKind#RECORD_DATA} or {@link FailureKind#DEPENDENCY}
 */
record EventProblem(
    String recordType, String crmId, @Nullable String field, String reason, FailureKind kind) {
  EventProblem {
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String toString() {
    return (crmId.equals("?") ? recordType : recordType + " '" + crmId + "'")
        + (field != null ? " field '" + field + "'" : "")
        + ": "
        + reason
        + (kind == FailureKind.RECORD_DATA ? "" : " (" + kind + ")");
  }
}
