package io.scalecrm.crm;

/** The kinds of write a sync performs (or, in a dry run, would perform). */
public enum ActionType {
  /** Create a licensee. */
  CREATE_LICENSEE,
  /** Update a licensee whose mapped fields differ. */
  UPDATE_LICENSEE,
  /** Create a license consumer. */
  CREATE_CONSUMER,
  /** Update a license consumer whose mapped fields differ, or adopt one found by email. */
  UPDATE_CONSUMER,
  /** Give consumers access to a licensee's default container. */
  GRANT_ACCESS,
  /** Issue a license for an order line. */
  ISSUE_LICENSE,
  /** Revoke a drifted license before issuing it anew. */
  REVOKE_LICENSE
}
