package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;
import java.util.Objects;

/**
 * One write of a sync: performed in a real run, planned in a dry run. The detail names CRM-derived
 * keys only (never generated Scale ids), so a dry run's plan compares equal to the real run's
 * actions.
 *
 * @param type the kind of write
 * @param recordType the kind of CRM record that caused it
 * @param crmId the CRM record's id (for a line, the line id)
 * @param detail what is written, for example {@code naturalId=hubspot:123}
 */
public record SyncAction(ActionType type, CrmRecordType recordType, String crmId, String detail) {
  /**
   * Checks for nulls.
   *
   * @param type the kind of write
   * @param recordType the kind of CRM record that caused it
   * @param crmId the CRM record's id (for a line, the line id)
   * @param detail what is written, for example {@code naturalId=hubspot:123}
   */
  public SyncAction {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(detail, "detail");
  }
}
