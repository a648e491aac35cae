package io.scalecrm.crm;

/** What a sync does when the CRM marks a contact inactive or deleted ({@code CrmTombstone}). */
public enum ContactRemoval {
  /** Nothing: the consumer keeps its access. */
  LEAVE,
  /** Revoke the consumer's access to its account's default container (the default). */
  REVOKE_ACCESS,
  /**
   * Revoke the access, then delete the consumer when this SDK created it (it carries this CRM's
   * external reference) and it has access to no other licensee's container.
   */
  DELETE_CONSUMER
}
