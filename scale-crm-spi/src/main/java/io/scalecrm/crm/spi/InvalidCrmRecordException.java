package io.scalecrm.crm.spi;

import io.scalecrm.client.ScaleException;
import java.util.Objects;

/**
 * A CRM record that cannot be synced as it is: a required field is missing, or a field is
 * malformed, too long, or inconsistent with another. It names the record and the field, so that the
 * fix can be made in the CRM; it is never retryable.
 */
public final class InvalidCrmRecordException extends ScaleException {
  private static final long serialVersionUID = 1L;

  private final CrmRecordType recordType;
  private final String crmId;
  private final String field;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param recordType the kind of record
   * @param crmId the record's CRM id, or a placeholder such as {@code "row 17"} when the id itself
   *     is missing
   * @param field the name of the offending field
   * @param reason what is wrong with it, without echoing secrets
   */
  public InvalidCrmRecordException(
      CrmRecordType recordType, String crmId, String field, String reason) {
    super(
        "Invalid CRM "
            + Objects.requireNonNull(recordType, "recordType").label()
            + " '"
            + crmId
            + "': field '"
            + field
            + "' "
            + reason,
        null,
        false);
    this.recordType = recordType;
    this.crmId = Objects.requireNonNull(crmId, "crmId");
    this.field = Objects.requireNonNull(field, "field");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The kind of the invalid record.
   *
   * @return the record type
   */
  public CrmRecordType recordType() {
    return recordType;
  }

  /**
   * The CRM id of the invalid record (or a placeholder naming where it came from).
   *
   * @return the CRM id
   */
  public String crmId() {
    return crmId;
  }

  /**
   * The field that is missing or invalid.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }

  /**
   * What is wrong with the field.
   *
   * @return the reason, for example {@code "is not a valid email address"}
   */
  public String reason() {
    return reason;
  }
}
