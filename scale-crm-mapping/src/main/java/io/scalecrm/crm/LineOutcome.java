package io.scalecrm.crm;

/** What syncing one order line did. */
public enum LineOutcome {
  /** No license existed for the line's order reference; one was issued. */
  ISSUED,
  /** A license matching the line already existed; nothing was written (duplicates repaired). */
  UNCHANGED,
  /**
   * A license for the line exists but its quantity, validity or product differs from the CRM.
   * Licenses are frozen once issued, so nothing was written; {@link LineResult#drift()} says what
   * differs.
   */
  DRIFT,
  /**
   * The line had drifted and {@code reissueOnDrift} is on: a new license was issued first, then the
   * old one revoked, so the customer always holds one.
   */
  REISSUED,
  /** The line's {@code validUntil} moved later (a renewal): the license's validity was extended. */
  RENEWED,
  /** The line (or its order) was cancelled: its license was revoked. */
  REVOKED,
  /** The line could not be synced; see {@link LineResult#error()}. */
  FAILED
}
