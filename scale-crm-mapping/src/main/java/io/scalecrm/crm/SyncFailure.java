package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import io.scalecrm.crm.spi.InvalidCrmRecordException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CRM record that did not sync, with the field at fault when known and the {@link FailureKind}
 * that decides whether it stays pending.
 *
 * @param recordType the kind of record
 * @param crmId the record's CRM id (for a line, the line id)
 * @param field the record field at fault (a {@link io.scalecrm.crm.spi} record component name such
 *     as {@code email} or {@code sku}), or {@code null} when the failure is not about one field
 * @param reason what went wrong, without secrets and without the field's value
 * @param kind why it failed: the record's own data, or something that keeps it pending
 */
public record SyncFailure(
    CrmRecordType recordType,
    String crmId,
    @Nullable String field,
    String reason,
    FailureKind kind) {
  /**
   * Checks for nulls.
   *
   * @param recordType the kind of record
   * @param crmId the record's CRM id (for a line, the line id)
   * @param field the record field at fault, or {@code null}
   * @param reason what went wrong
   * @param kind why it failed
   */
  public SyncFailure {
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Whether the record stays pending: retried by the next run, and the run is not complete.
   *
   * @return {@code true} unless the record's own data is at fault
   */
  public boolean pending() {
    return kind.pending();
  }

  /**
   * The failure of one record, classified.
   *
   * @param type the record type
   * @param crmId the record's CRM id
   * @param e what was thrown
   * @return the failure
   */
  static SyncFailure of(CrmRecordType type, String crmId, Throwable e) {
    if (e instanceof InvalidCrmRecordException) {
      InvalidCrmRecordException invalid = (InvalidCrmRecordException) e;
      return new SyncFailure(
          invalid.recordType(),
          invalid.crmId(),
          invalid.field(),
          invalid.reason(),
          FailureKind.RECORD_DATA);
    }
    if (e instanceof MissingDependencyException) {
      MissingDependencyException d = (MissingDependencyException) e;
      return new SyncFailure(
          d.recordType(), d.crmId(), "accountCrmId", d.getMessage(), FailureKind.DEPENDENCY);
    }
    FailureKind kind = FailureKind.of(e);
    String message = e.getMessage();
    String reason =
        kind == FailureKind.BUG
            ? "unexpected " + e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
            : String.valueOf(message);
    return new SyncFailure(type, crmId, null, reason, kind);
  }

  @Override
  public String toString() {
    return recordType.name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + " "
        + crmId
        + (field != null ? " field " + field : "")
        + ": "
        + reason
        + (pending() ? " (pending: " + kind.name().toLowerCase(Locale.ROOT) + ")" : "");
  }
}
