package io.scalecrm.examples.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an app's {@code main} so that SIGTERM and Ctrl-C stop it gracefully: the shutdown hook
 * requests the stop, waits until the app has finished its records in flight and saved its
 * checkpoints, and then ends the JVM with the app's own exit code (not 143 or 130).
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  /** How long a stop waits for the records in flight before the JVM ends regardless. */
  static final Duration GRACE = Duration.ofMinutes(2);

  private Launcher() {}

  /**
   * Runs the app and exits the JVM with its exit code. Never returns.
   *
   * @param err where the message goes when the grace period runs out
   * @param app the app: given the stop signal, returns its exit code
   */
  public static void exit(PrintStream err, ToIntFunction<StopSignal> app) {
    StopSignal stop = new StopSignal();
    CountDownLatch finished = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(ExitCodes.INCOMPLETE);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.request();
                  try {
                    if (!finished.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                      err.println(
                          "error: stopped before the records in flight were finished; the next"
                              + " run repeats them (every step is idempotent)");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  err.flush();
                  System.out.flush();
                  // halt: System.exit from a shutdown hook would block, and the JVM would
                  // otherwise exit with 128 + the signal number
                  Runtime.getRuntime().halt(exitCode.get());
                },
                "graceful-stop"));
    int code;
    try {
      code = app.applyAsInt(stop);
    } catch (RuntimeException | Error e) {
      // a bug: keep the stack trace, and never report success
      LOG.error("Unexpected error; please report it", e);
      code = ExitCodes.INCOMPLETE;
    }
    exitCode.set(code);
    finished.countDown();
    System.exit(code);
  }
}
