package io.scalecrm.crm.spi;

import java.util.Objects;

/**
 * The Scale id that a CRM record was synced to, offered to adapters that write it back to the CRM.
 *
 * @param recordType the CRM record's kind
 * @param crmId the CRM record's id (for an order line, the line id)
 * @param scaleId the Scale id: licensee, license consumer or license id
 */
public record ScaleLink(CrmRecordType recordType, String crmId, String scaleId) {
  /**
   * Checks that nothing is null.
   *
   * @param recordType the CRM record's kind
   * @param crmId the CRM record's id (for an order line, the line id)
   * @param scaleId the Scale id: licensee, license consumer or license id
   */
  public ScaleLink {
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(crmId, "crmId");
    Objects.requireNonNull(scaleId, "scaleId");
  }
}
