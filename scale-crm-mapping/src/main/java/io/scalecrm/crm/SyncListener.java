package io.scalecrm.crm;

import io.scalecrm.crm.spi.CrmRecordType;

/**
 * Receives progress of a {@link CrmSync#sync sync}. Every method has a no-op default.
 *
 * <p>Methods are called from the sync's worker threads, possibly concurrently; they must be fast,
 * thread-safe and must not throw (exceptions are logged and ignored).
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
   * @param outcome {@code created}, {@code updated}, {@code unchanged} or {@code failed}
   */
  default void onRecord(CrmRecordType type, String crmId, String outcome) {}

  /**
   * A record did not sync.
   *
   * @param failure the failure
   */
  default void onFailure(SyncFailure failure) {}
}
