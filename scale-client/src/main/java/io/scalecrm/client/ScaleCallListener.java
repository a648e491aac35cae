package io.scalecrm.client;

import java.time.Duration;

/**
 * Observes the HTTP attempts of {@link ScaleConnection#call}, e.g. to count calls (Scale bills per
 * call) or to record metrics.
 *
 * <p>All methods default to doing nothing. Implementations must be thread-safe and fast, and should
 * not throw: an exception thrown by a listener is caught, logged at WARN and otherwise ignored.
 */
public interface ScaleCallListener {
  /**
   * Called before every HTTP attempt, including retries.
   *
   * @param operation the operation name given to {@link ScaleConnection#call}
   * @param attempt the attempt number, starting at 1
   */
  default void onAttempt(String operation, int attempt) {}

  /**
   * Called after every attempt, successful or not.
   *
   * @param operation the operation name
   * @param attempt the attempt number, starting at 1
   * @param status the HTTP status, or 0 when no HTTP answer arrived (transport failure)
   * @param elapsed how long the attempt took, measured with the connection's clock
   */
  default void onResult(String operation, int attempt, int status, Duration elapsed) {}

  /**
   * Called when a failed attempt will be retried, before waiting.
   *
   * @param operation the operation name
   * @param failedAttempt the number of the attempt that failed
   * @param delay how long the connection waits before the next attempt
   * @param cause why the attempt failed
   */
  default void onRetry(String operation, int failedAttempt, Duration delay, ScaleException cause) {}
}
