package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;

/**
 * Receives progress of a {@link CrmSync#sync sync}. Every method has a no-op default.
 *
 * <p>Methods are called from the sync's threads, possibly concurrently, and never while the sync
 * holds a lock: a listener may call {@link CrmSync} itself. They must be thread-safe and should be
 * fast; an exception a listener throws is logged and ignored.
 */
public interface SyncListener {
  /** A listener that ignores everything. */
  SyncListener NONE = new SyncListener() {};

  /**
   * A phase starts: accounts, then contacts, then orders.
   *
   * @param type the record type of the phase
   */
  default void onPhase(CrmRecordType type) {}

  /**
   * A record (for orders: a line) has been handled.
   *
   * @param type the record type
   * @param crmId the record's CRM id
   * @param outcome what happened; {@link Outcome#FAILED} comes with {@link #onFailure}
   */
  default void onRecord(CrmRecordType type, String crmId, Outcome outcome) {}

  /**
   * A record did not sync.
   *
   * @param failure the failure
   */
  default void onFailure(SyncFailure failure) {}

  /**
   * A write was made (or, in a dry run, planned). Every action reaches the listener, also when the
   * report keeps only the first {@link SyncOptions#maxReportedActions()}.
   *
   * @param action the write
   */
  default void onAction(SyncAction action) {}
}
