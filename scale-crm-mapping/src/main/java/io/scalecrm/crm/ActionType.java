package io.scalecrm.crm;

/** The kinds of write a sync performs (or, in a dry run, would perform). */
public enum ActionType {
  /** Create a licensee. */
  CREATE_LICENSEE,
  /** Update a licensee whose mapped fields differ, or adopt one found by email. */
  UPDATE_LICENSEE,
  /** Create a license consumer. */
  CREATE_CONSUMER,
  /** Update a license consumer whose mapped fields differ, or adopt one found by email. */
  UPDATE_CONSUMER,
  /** Give consumers access to a licensee's default container. */
  GRANT_ACCESS,
  /** Issue a license for an order line. */
  ISSUE_LICENSE,
  /** Extend a license's validity: a renewed subscription line. */
  RENEW_LICENSE,
  /** Revoke a license: a cancelled line or order, or the licenses of a deleted account. */
  REVOKE_LICENSE,
  /**
   * Revoke a drifted license after its replacement was issued ({@code reissueOnDrift}); not a
   * removal, as the customer keeps a license for the line.
   */
  REVOKE_REPLACED_LICENSE,
  /** Delete a duplicate license that a concurrent writer issued for the same order line. */
  DELETE_DUPLICATE_LICENSE,
  /** Revoke a consumer's access to a licensee's default container: a contact who left. */
  REVOKE_ACCESS,
  /** Delete a license consumer this SDK created that has no other access. */
  DELETE_CONSUMER,
  /** Delete a licensee (and with it its containers and licenses): a deleted account. */
  DELETE_LICENSEE;

  /**
   * Whether this write removes something, and so counts against the removal limit.
   *
   * @return {@code true} for revokes and deletes of customer data
   */
  public boolean removal() {
    return this == REVOKE_LICENSE
        || this == REVOKE_ACCESS
        || this == DELETE_CONSUMER
        || this == DELETE_LICENSEE;
  }
}
