package io.scalecrm.crm;

import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.crm.spi.CrmAdapterException;
import io.scalecrm.crm.spi.InvalidCrmRecordException;

/**
 * Why a record did not sync, which decides what happens to it next. Every failure is either the
 * record's own data ({@link #RECORD_DATA}: a sync may move its change cursor past the record, which
 * comes back when the CRM changes it) or something else, and then the record stays
 * <em>pending</em>: the cursor never passes it, it is kept in the {@link CheckpointStore}'s pending
 * set, the next run retries it, and no run reports itself complete while it is pending.
 *
 * <table>
 *   <caption>Failures and their kinds</caption>
 *   <tr><th>Failure</th><th>Kind</th></tr>
 *   <tr><td>invalid field, unknown SKU, over-long key, a 400 or 422 caused by the record's values,
 *       an email another Scale entity holds</td><td>{@link #RECORD_DATA}</td></tr>
 *   <tr><td>5xx, 408, 429, connection refused, reset, timeout, a CRM that cannot be read</td>
 *       <td>{@link #ENVIRONMENT}</td></tr>
 *   <tr><td>401 or 403 after one retry with a fresh token</td><td>{@link #AUTHENTICATION}</td></tr>
 *   <tr><td>the record's account did not sync</td><td>{@link #DEPENDENCY}</td></tr>
 *   <tr><td>a removal held back because the run would remove more than its limit</td>
 *       <td>{@link #REMOVAL_GUARD}</td></tr>
 *   <tr><td>an unexpected exception (a bug in the SDK, the adapter or a listener)</td>
 *       <td>{@link #BUG}</td></tr>
 * </table>
 */
public enum FailureKind {
  /** The record's own data is at fault: fix it in the CRM. The cursor may pass the record. */
  RECORD_DATA,
  /** Scale or the CRM was unavailable, slow, throttling or erring: the record stays pending. */
  ENVIRONMENT,
  /** Scale refused the credentials (401/403): the run stops; fix the key or its permissions. */
  AUTHENTICATION,
  /** A record this one depends on (its account) did not sync: it is retried with that record. */
  DEPENDENCY,
  /** Held back by the removal guard ({@link SyncOptions#maxRemovals()}): nothing was removed. */
  REMOVAL_GUARD,
  /** An unexpected exception: reported, the record stays pending, its siblings go on. */
  BUG;

  /**
   * Whether a sync may move its change cursor past a record that failed so: only for the record's
   * own bad data.
   *
   * @return {@code true} for {@link #RECORD_DATA} only
   */
  public boolean cursorMayPass() {
    return this == RECORD_DATA;
  }

  /**
   * Whether the record stays pending: kept in the checkpoint store and retried by the next run.
   *
   * @return {@code true} for every kind but {@link #RECORD_DATA}
   */
  public boolean pending() {
    return this != RECORD_DATA;
  }

  /**
   * Classifies an exception thrown while syncing one record. {@link #REMOVAL_GUARD} is never
   * returned: the sync decides it itself.
   *
   * @param failure the exception
   * @return its kind
   */
  public static FailureKind of(Throwable failure) {
    if (failure instanceof InvalidCrmRecordException) {
      return RECORD_DATA;
    }
    if (failure instanceof MissingDependencyException) {
      return DEPENDENCY;
    }
    if (failure instanceof ConcurrentChangeException) {
      return ENVIRONMENT;
    }
    if (failure instanceof ScaleAuthenticationException) {
      return AUTHENTICATION;
    }
    if (failure instanceof ScaleConnectionException) {
      return ENVIRONMENT;
    }
    if (failure instanceof ScaleHttpException) {
      int status = ((ScaleHttpException) failure).status();
      if (status == 400 || status == 422) {
        return RECORD_DATA;
      }
      if (status >= 500 || status == 408 || status == 429 || status == 404 || status == 409) {
        // 404 and 409 on a write: an entity vanished or appeared under us, a state that a
        // later attempt sees resolved; record-caused 404s (a product configuration) are
        // translated into InvalidCrmRecordException where the cause is known
        return ENVIRONMENT;
      }
      return BUG;
    }
    if (failure instanceof CrmAdapterException) {
      return ENVIRONMENT;
    }
    if (failure instanceof InterruptedException) {
      return ENVIRONMENT;
    }
    return BUG;
  }
}
