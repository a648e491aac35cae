package io.scalecrm.crm;

/** What a sync does with a cancelled order line, or a cancelled or deleted order. */
public enum OrderCancellation {
  /** Nothing: the licenses stay valid. */
  LEAVE,
  /**
   * Revoke the line's license: its validity ends at the cancellation date the CRM gives, or now
   * (the default).
   */
  REVOKE
}
