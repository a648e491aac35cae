package io.scalecrm.examples.hubspot;

import java.time.Duration;

/**
 * Waits between retries; injected so that tests record the delays instead of sleeping.
 *
 * <p>The adapter calls it from the thread that called the read method.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the given time.
   *
   * @param duration how long to wait; never negative
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The sleeper that really waits, with {@link Thread#sleep(long)}.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
