package io.scalecrm.examples.runner;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop, set once (by a shutdown hook on SIGTERM or Ctrl-C, or by a test) and never
 * cleared. A sync run asks it between records ({@code SyncOptions.stopWhen}); a scheduled run waits
 * on it between runs.
 */
public final class StopSignal {
  private final CountDownLatch stop = new CountDownLatch(1);

  /** Creates a signal that has not been requested. */
  public StopSignal() {}

  /** Requests the stop. Idempotent and thread-safe. */
  public void request() {
    stop.countDown();
  }

  /**
   * Whether the stop was requested.
   *
   * @return {@code true} once {@link #request()} was called
   */
  public boolean requested() {
    return stop.getCount() == 0;
  }

  /**
   * Waits until the stop is requested or the time is up.
   *
   * @param timeout how long to wait at most
   * @return {@code true} when the stop was requested
   * @throws InterruptedException when the thread is interrupted
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return stop.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }
}
