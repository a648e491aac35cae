package io.scalecrm.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Notifies several {@link ScaleCallListener}s; a listener that throws is logged and ignored. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleConnection.class);
  static final Listeners NONE = new Listeners(List.of());

  private final List<ScaleCallListener> listeners;

  private Listeners(List<ScaleCallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  Listeners plus(ScaleCallListener listener) {
    List<ScaleCallListener> all = new ArrayList<>(listeners);
    all.add(listener);
    return new Listeners(all);
  }

  void onAttempt(String operation, int attempt) {
    for (ScaleCallListener l : listeners) {
      try {
        l.onAttempt(operation, attempt);
      } catch (RuntimeException e) {
        warn(l, "onAttempt", e);
      }
    }
  }

  void onResult(String operation, int attempt, int status, Duration elapsed) {
    for (ScaleCallListener l : listeners) {
      try {
        l.onResult(operation, attempt, status, elapsed);
      } catch (RuntimeException e) {
        warn(l, "onResult", e);
      }
    }
  }

  void onRetry(String operation, int failedAttempt, Duration delay, ScaleException cause) {
    for (ScaleCallListener l : listeners) {
      try {
        l.onRetry(operation, failedAttempt, delay, cause);
      } catch (RuntimeException e) {
        warn(l, "onRetry", e);
      }
    }
  }

  private static void warn(ScaleCallListener l, String method, RuntimeException e) {
    LOG.warn("ScaleCallListener {} threw from {}; ignored", l.getClass().getName(), method, e);
  }
}
