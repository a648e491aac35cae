package io.scalecrm.crm;

import java.util.List;

/**
 * What {@link CrmSync#grantAccess} did.
 *
 * @param licenseeId the licensee whose default container was used
 * @param granted the consumer ids that were given access now
 * @param alreadyPresent the consumer ids that already had access (nothing written for them)
 */
public record AccessResult(String licenseeId, List<String> granted, List<String> alreadyPresent) {
  /**
   * Copies the lists.
   *
   * @param licenseeId the licensee whose default container was used
   * @param granted the consumer ids that were given access now
   * @param alreadyPresent the consumer ids that already had access (nothing written for them)
   */
  public AccessResult {
    granted = List.copyOf(granted);
    alreadyPresent = List.copyOf(alreadyPresent);
  }

  /**
   * Whether Scale was written.
   *
   * @return {@code true} when at least one consumer was granted access
   */
  public boolean changed() {
    return !granted.isEmpty();
  }
}
