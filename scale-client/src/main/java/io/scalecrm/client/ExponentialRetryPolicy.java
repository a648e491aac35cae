package io.scalecrm.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** The one implementation of {@link RetryPolicy}. */
final class ExponentialRetryPolicy implements RetryPolicy {
  static final Duration DEFAULT_MAX_TOTAL_TIME = Duration.ofSeconds(60);
  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  static final ExponentialRetryPolicy NONE =
      new ExponentialRetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, RANDOM, false);
  static final ExponentialRetryPolicy DEFAULTS =
      new ExponentialRetryPolicy(
          4, Duration.ofMillis(200), Duration.ofSeconds(10), DEFAULT_MAX_TOTAL_TIME, RANDOM, false);

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration maxTotalTime;
  private final DoubleSupplier jitter;
  private final boolean customJitter;

  private ExponentialRetryPolicy(
      int maxAttempts,
      Duration baseDelay,
      Duration maxDelay,
      Duration maxTotalTime,
      DoubleSupplier jitter,
      boolean customJitter) {
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.maxTotalTime = maxTotalTime;
    this.jitter = jitter;
    this.customJitter = customJitter;
  }

  static ExponentialRetryPolicy create(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    checkAttempts(maxAttempts);
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative()) {
      throw new IllegalArgumentException("baseDelay must not be negative, got " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") must be at least baseDelay (" + baseDelay + ")");
    }
    return new ExponentialRetryPolicy(
        maxAttempts, baseDelay, maxDelay, DEFAULT_MAX_TOTAL_TIME, RANDOM, false);
  }

  private static void checkAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  @Override
  public RetryPolicy withMaxTotalTime(Duration total) {
    Objects.requireNonNull(total, "total");
    if (total.isNegative()) {
      throw new IllegalArgumentException("maxTotalTime must not be negative, got " + total);
    }
    return new ExponentialRetryPolicy(
        maxAttempts, baseDelay, maxDelay, total, jitter, customJitter);
  }

  @Override
  public RetryPolicy withMaxAttempts(int attempts) {
    checkAttempts(attempts);
    return new ExponentialRetryPolicy(
        attempts, baseDelay, maxDelay, maxTotalTime, jitter, customJitter);
  }

  @Override
  public RetryPolicy withJitter(DoubleSupplier random0to1) {
    Objects.requireNonNull(random0to1, "random0to1");
    return new ExponentialRetryPolicy(
        maxAttempts, baseDelay, maxDelay, maxTotalTime, random0to1, true);
  }

  @Override
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public Duration maxTotalTime() {
    return maxTotalTime;
  }

  @Override
  public Duration delayBeforeRetry(int failedAttempts, Optional<Duration> retryAfter) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException(
          "failedAttempts must be at least 1, got " + failedAttempts);
    }
    Objects.requireNonNull(retryAfter, "retryAfter");
    long ceilingMillis = backoffCeilingMillis(failedAttempts);
    double random = jitter.getAsDouble();
    if (Double.isNaN(random) || random < 0) {
      random = 0;
    } else if (random > 1) {
      random = 1;
    }
    Duration delay = Duration.ofMillis(Math.round(ceilingMillis * random));
    if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
      delay = retryAfter.get();
    }
    return delay.compareTo(maxTotalTime) > 0 ? maxTotalTime : delay;
  }

  private long backoffCeilingMillis(int failedAttempts) {
    long base = baseDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(failedAttempts - 1, 62);
    long ceiling;
    try {
      ceiling = Math.multiplyExact(base, 1L << shift);
    } catch (ArithmeticException overflow) {
      ceiling = Long.MAX_VALUE;
    }
    return Math.min(ceiling, cap);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExponentialRetryPolicy)) {
      return false;
    }
    ExponentialRetryPolicy other = (ExponentialRetryPolicy) o;
    return maxAttempts == other.maxAttempts
        && baseDelay.equals(other.baseDelay)
        && maxDelay.equals(other.maxDelay)
        && maxTotalTime.equals(other.maxTotalTime)
        && jitter.equals(other.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay, maxTotalTime, jitter);
  }

  @Override
  public String toString() {
    if (maxAttempts == 1) {
      return "RetryPolicy[none]";
    }
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", baseDelay="
        + baseDelay
        + ", maxDelay="
        + maxDelay
        + ", maxTotalTime="
        + maxTotalTime
        + (customJitter ? ", custom jitter" : "")
        + "]";
  }
}
