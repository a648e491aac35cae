package io.scalecrm.bench;

import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Gives up on a sync that stopped calling Scale: a hung run must not hang the benchmark command. A
 * run counts as hung when the sandbox has received no call for {@link #stallSeconds} seconds.
 */
final class Watchdog {
  /** Seconds without a Scale call after which a run counts as hung (tests may lower it). */
  static volatile int stallSeconds = 180;

  private Watchdog() {}

  /**
   * Waits for {@code worker} to end, or until {@code calls} stops growing.
   *
   * @return {@code null} when the worker ended, else why it was given up
   */
  static @Nullable String await(Thread worker, LongSupplier calls) {
    long last = calls.getAsLong();
    long lastChange = System.nanoTime();
    try {
      while (worker.isAlive()) {
        worker.join(2000);
        long now = calls.getAsLong();
        if (now != last) {
          last = now;
          lastChange = System.nanoTime();
        } else if (worker.isAlive()
            && System.nanoTime() - lastChange > stallSeconds * 1_000_000_000L) {
          return "hung: no Scale call for "
              + stallSeconds
              + " s after "
              + now
              + " calls; "
              + threads();
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Where this JVM's sync threads wait: the frames of the SDK each one is parked in. */
  static String threads() {
    Map<String, Integer> where = new java.util.TreeMap<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      String frame = sdkFrame(e.getValue());
      if (frame != null) {
        where.merge(frame, 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder("threads waiting in: ");
    where.forEach((f, n) -> sb.append(n).append(" × ").append(f).append("; "));
    return sb.toString().strip();
  }

  /** The first io.scalecrm.crm frame of a parked thread, e.g. AccountLocks.withLock. */
  static @Nullable String sdkFrame(StackTraceElement[] stack) {
    if (stack.length == 0 || !stack[0].getClassName().equals("jdk.internal.misc.Unsafe")) {
      return null;
    }
    for (StackTraceElement f : stack) {
      if (f.getClassName().startsWith("io.scalecrm.crm.")) {
        String cls = f.getClassName().substring("io.scalecrm.crm.".length());
        return cls + "." + f.getMethodName() + ":" + f.getLineNumber();
      }
    }
    return null;
  }
}
