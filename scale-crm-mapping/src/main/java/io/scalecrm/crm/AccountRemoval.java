package io.scalecrm.crm;

/** What a sync does when the CRM deletes an account ({@code CrmTombstone}). */
public enum AccountRemoval {
  /** Nothing: the licensee, its consumers' access and its licenses stay (the default). */
  LEAVE,
  /** Revoke every license of the licensee that is still valid (its validity ends now). */
  REVOKE_LICENSES,
  /**
   * Delete the licensee with its containers and licenses: {@code DELETE /licensees/{id}} for a
   * business (B2B), {@code delete-user} for an individual (B2C), which also deletes the person's
   * license consumer.
   */
  DELETE_LICENSEE
}
