package io.scalecrm.crm;

/** Why a sync run stopped before handling everything it read. */
public enum StopReason {
  /** Scale refused the credentials even with a freshly signed token: fix the key or permissions. */
  AUTHENTICATION,
  /** The CRM could not be read: the rest of that stream was not handled. */
  CRM_UNAVAILABLE,
  /** The checkpoint store could not be read or written: progress could not be kept. */
  CHECKPOINT_STORE,
  /** The run would have removed more than its limit, so it removed nothing. */
  REMOVAL_GUARD,
  /**
   * The run was asked to stop ({@link SyncOptions#stopWhen()}, for example on SIGTERM) or its
   * thread was interrupted: records in flight were finished and checkpoints saved.
   */
  INTERRUPTED
}
