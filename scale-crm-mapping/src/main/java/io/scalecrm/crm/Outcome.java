package io.scalecrm.crm;

/** What syncing one CRM record (for orders: one line) did to Scale. */
public enum Outcome {
  /** The Scale entity did not exist under the record's key and was created (a license issued). */
  CREATED,
  /** The entity existed and was changed: fields updated, access granted, a license renewed. */
  UPDATED,
  /** Scale already matched the CRM: nothing was written. */
  UNCHANGED,
  /** A removal was applied: access revoked, a license revoked, an entity deleted. */
  REMOVED,
  /** The record did not sync; the report's failures say why and whether it is pending. */
  FAILED;

  /**
   * Whether Scale was written (or, in a dry run, would be).
   *
   * @return {@code true} for {@link #CREATED}, {@link #UPDATED} and {@link #REMOVED}
   */
  public boolean changed() {
    return this == CREATED || this == UPDATED || this == REMOVED;
  }
}
