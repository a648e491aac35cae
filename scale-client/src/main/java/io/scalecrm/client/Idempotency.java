package io.scalecrm.client;

/**
 * Whether repeating a Scale call can change the outcome; decides which failures {@link
 * ScaleConnection#call} retries.
 */
public enum Idempotency {
  /**
   * Reads, updates (PUT) and deletes: repeating them is harmless. Retried on every connection
   * failure and on HTTP 429, 502, 503 and 504.
   */
  IDEMPOTENT,

  /**
   * Creates and other calls that must not run twice. Retried only when Scale certainly did not
   * process the request: connection failures with {@link ScaleConnectionException#requestSent()}
   * {@code == false}, HTTP 429 and HTTP 503. Never retried after a read timeout, a broken
   * connection, 502 or 504: the outcome is unknown and the caller resolves it by reading.
   */
  NON_IDEMPOTENT;

  /** Whether a failed attempt of a call of this kind may be repeated. */
  boolean allowsRetryAfter(ScaleException failure) {
    if (failure instanceof ScaleConnectionException) {
      return this == IDEMPOTENT || !((ScaleConnectionException) failure).requestSent();
    }
    if (failure instanceof ScaleHttpException) {
      int status = ((ScaleHttpException) failure).status();
      if (this == IDEMPOTENT) {
        return ScaleHttpException.isRetryableStatus(status);
      }
      return status == 429 || status == 503;
    }
    return false;
  }
}
