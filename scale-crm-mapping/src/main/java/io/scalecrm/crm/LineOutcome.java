package io.scalecrm.crm;

/** What {@link CrmSync#issueForOrder} did with one order line. */
public enum LineOutcome {
  /** No license existed for the line's order reference; one was issued. */
  ISSUED,
  /** A license matching the line already existed; nothing was written. */
  UNCHANGED,
  /**
   * A license for the line exists but its quantity, validity or product differs from the CRM.
   * Licenses are frozen once issued, so nothing was written; the difference is reported.
   */
  DRIFT,
  /**
   * The line had drifted and {@code reissueOnDrift} is on: the old license was revoked and a new
   * one issued.
   */
  REISSUED,
  /** The line could not be issued; see {@link LineResult#error()}. */
  FAILED
}
