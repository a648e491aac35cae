package io.scalecrm.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between retries; tests substitute one that records the delays instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for the given time.
   *
   * @param duration how long to wait; zero or negative returns at once
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The sleeper that really waits, with {@link TimeUnit#sleep}.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return duration -> {
      if (duration.isNegative() || duration.isZero()) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        return;
      }
      TimeUnit.NANOSECONDS.sleep(saturatedNanos(duration));
    };
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
