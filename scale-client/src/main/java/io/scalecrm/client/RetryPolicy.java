package io.scalecrm.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How often and how long {@link ScaleConnection#call} retries a failed attempt: capped exponential
 * backoff with full jitter, a maximum number of attempts and a total time budget.
 *
 * <p>Which failures are retried at all is decided by {@link Idempotency} and {@link
 * ScaleException#retryable()}; this policy only decides how many times and how long to wait.
 * Instances are immutable values; the {@code with...} methods return changed copies.
 */
public interface RetryPolicy {
  /**
   * Never retries: one attempt.
   *
   * @return the policy
   */
  static RetryPolicy none() {
    return ExponentialRetryPolicy.NONE;
  }

  /**
   * Exponential backoff with full jitter: before attempt {@code n + 1} the connection waits a
   * random time between 0 and {@code min(maxDelay, baseDelay * 2^(n-1))}. The total time budget
   * starts at 60 seconds; change it with {@link #withMaxTotalTime}.
   *
   * @param maxAttempts the maximum number of attempts including the first, at least 1
   * @param baseDelay the backoff ceiling before the first retry, not negative
   * @param maxDelay the cap of the backoff ceiling, at least {@code baseDelay}
   * @return the policy
   */
  static RetryPolicy exponential(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    return ExponentialRetryPolicy.create(maxAttempts, baseDelay, maxDelay);
  }

  /**
   * The default policy: 4 attempts, 200 ms base delay, 10 s cap, 60 s total budget.
   *
   * <p>Few attempts, because Scale bills every call against a monthly quota; a short base delay,
   * because most transient failures (a restarting node, a brief overload) clear within a second; a
   * 60 s budget, so that a sync job never hangs on one call for long (with the default 30 s read
   * timeout at most two attempts time out).
   *
   * @return the default policy
   */
  static RetryPolicy defaults() {
    return ExponentialRetryPolicy.DEFAULTS;
  }

  /**
   * A copy with another total time budget: no retry starts when the time spent since the first
   * attempt plus the next delay would exceed it.
   *
   * @param total the budget, not negative
   * @return the changed copy
   */
  RetryPolicy withMaxTotalTime(Duration total);

  /**
   * A copy with another maximum number of attempts.
   *
   * @param maxAttempts the maximum number of attempts including the first, at least 1
   * @return the changed copy
   */
  RetryPolicy withMaxAttempts(int maxAttempts);

  /**
   * A copy that takes its jitter from the given source instead of a random number generator, so
   * tests get deterministic delays.
   *
   * @param random0to1 returns a number between 0 and 1 (values outside are clamped); must be
   *     thread-safe
   * @return the changed copy
   */
  RetryPolicy withJitter(DoubleSupplier random0to1);

  /**
   * The maximum number of attempts, including the first.
   *
   * @return at least 1
   */
  int maxAttempts();

  /**
   * The total time budget of one call, from the start of the first attempt.
   *
   * @return the budget
   */
  Duration maxTotalTime();

  /**
   * The delay before the next attempt.
   *
   * <p>A {@code Retry-After} from the server wins when it is longer than the backoff; the result
   * never exceeds {@link #maxTotalTime()} (and {@link ScaleConnection#call} gives up instead of
   * waiting when the delay does not fit into what is left of the budget).
   *
   * @param failedAttempts how many attempts have failed so far, at least 1
   * @param retryAfter the server's {@code Retry-After}, if any
   * @return the delay, not negative
   */
  Duration delayBeforeRetry(int failedAttempts, Optional<Duration> retryAfter);
}
