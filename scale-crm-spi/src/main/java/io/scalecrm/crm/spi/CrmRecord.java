package io.scalecrm.crm.spi;

import java.time.Instant;

/**
 * What every canonical CRM record has: an id, a kind and a modification time. A {@link
 * CrmTombstone} is a record too: the signal that a record was removed, on the same cursor.
 */
public sealed interface CrmRecord permits CrmAccount, CrmContact, CrmOrder, CrmTombstone {
  /**
   * The record's id in the CRM; stable for the life of the record.
   *
   * @return the CRM id
   */
  String crmId();

  /**
   * When the CRM last modified the record; {@link Instant#EPOCH} when the CRM does not say.
   *
   * @return the modification time
   */
  Instant modifiedAt();

  /**
   * The kind of record.
   *
   * @return the record type
   */
  CrmRecordType recordType();

  /**
   * The change cursor just after this record.
   *
   * @return {@code ChangeCursor.of(modifiedAt(), crmId())}
   */
  default ChangeCursor cursor() {
    return new ChangeCursor(modifiedAt(), crmId());
  }
}
