package io.scalecrm.crm.spi;

/** How a CRM says that a record no longer counts: what a {@link CrmTombstone} reports. */
public enum RemovalKind {
  /** The record was deleted (or archived) in the CRM. */
  DELETED,
  /** The record still exists but is inactive: a contact who left the customer. Contacts only. */
  INACTIVE,
  /** The order was cancelled or refunded. Orders only. */
  CANCELLED
}
