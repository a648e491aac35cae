package io.scalecrm.crm;

import java.util.Objects;

/**
 * Why and where a sync run stopped early, in words a user can act on.
 *
 * @param reason the kind of stop
 * @param message what happened and what to fix, without secrets
 */
public record RunStop(StopReason reason, String message) {
  /**
   * Checks for nulls.
   *
   * @param reason the kind of stop
   * @param message what happened and what to fix, without secrets
   */
  public RunStop {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }
}
