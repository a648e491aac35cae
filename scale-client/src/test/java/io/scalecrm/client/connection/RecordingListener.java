package io.scalecrm.client.connection;

import io.scalecrm.client.ScaleCallListener;
import io.scalecrm.client.ScaleException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records listener events as short strings. */
final class RecordingListener implements ScaleCallListener {
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onAttempt(String operation, int attempt) {
    events.add("attempt " + operation + " " + attempt);
  }

  @Override
  public void onResult(String operation, int attempt, int status, Duration elapsed) {
    events.add("result " + operation + " " + attempt + " " + status);
  }

  @Override
  public void onRetry(String operation, int failedAttempt, Duration delay, ScaleException cause) {
    events.add("retry " + operation + " " + failedAttempt + " " + delay.toMillis());
  }

  long attempts() {
    return events.stream().filter(e -> e.startsWith("attempt ")).count();
  }
}
