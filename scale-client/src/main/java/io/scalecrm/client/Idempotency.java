package io.scalecrm.client;

/**
 * Whether repeating a Scale call can change the outcome; decides which failures {@link
 * ScaleConnection#call} retries.
 */
public enum Idempotency {
  /**
   * Reads, updates (PUT), grants, revokes and deletes: repeating them is harmless. Retried on every
   * connection failure and on every answer that {@link ScaleHttpException#retryable()} calls
   * retryable: HTTP 408, 429 and 5xx (500, 502, 503 and 504 among them).
   */
  IDEMPOTENT,

  /**
   * Creates and other calls that must not run twice. Retried only when Scale provably did not
   * process the request: connection failures with {@link ScaleConnectionException#requestSent()}
   * {@code == false}, and HTTP 429 (Scale's rate limiter refuses a request before handling it).
   * Never retried after a read timeout, a broken connection or any 5xx, 503 included (a proxy may
   * answer 503 after it forwarded the request): the outcome is unknown and the caller resolves it
   * by reading.
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
      return status == 429;
    }
    return false;
  }
}
