package io.scalecrm.examples.salesforce;

import java.time.Duration;

/**
 * Waits between retries. The adapter never calls {@link Thread#sleep} itself, so tests can record
 * the back-off delays instead of waiting.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the given time.
   *
   * @param duration how long to wait; never negative
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The sleeper that really waits, with {@link Thread#sleep(long)}.
   *
   * @return the sleeper
   */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
