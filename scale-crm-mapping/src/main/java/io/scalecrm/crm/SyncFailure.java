package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;
import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CRM record that did not sync, with the field at fault when known.
 *
 * @param recordType the kind of record
 * @param crmId the record's CRM id (for a line, the line id)
 * @param field the field at fault, or {@code null} when the failure is not about one field
 * @param reason what went wrong
 * @param retryable whether syncing again later may succeed without changing the record
 */
public record SyncFailure(
    CrmRecordType recordType,
    String crmId,
    @Nullable String field,
    String reason,
    boolean retryable) {
  /**
   * Checks for nulls.
   *
   * @param recordType the kind of record
   * @param crmId the record's CRM id (for a line, the line id)
   * @param field the field at fault, or {@code null} when the failure is not about one field
   * @param reason what went wrong
   * @param retryable whether syncing again later may succeed without changing the record
   */
  public SyncFailure {
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(reason, "reason");
  }

  static SyncFailure of(CrmRecordType type, String crmId, ScaleException e) {
    if (e instanceof InvalidCrmRecordException) {
      InvalidCrmRecordException invalid = (InvalidCrmRecordException) e;
      return new SyncFailure(
          invalid.recordType(), invalid.crmId(), invalid.field(), invalid.reason(), false);
    }
    return new SyncFailure(type, crmId, null, String.valueOf(e.getMessage()), e.retryable());
  }

  @Override
  public String toString() {
    return recordType.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + crmId
        + (field != null ? " field " + field : "")
        + ": "
        + reason
        + (retryable ? " (retryable)" : "");
  }
}
