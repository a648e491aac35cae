package io.scalecrm.client.connection;

import io.scalecrm.client.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each requested delay and advances the test clock instead of sleeping. */
final class RecordingSleeper implements Sleeper {
  private final MutableClock clock;
  final List<Duration> delays = new CopyOnWriteArrayList<>();

  RecordingSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration d) {
    delays.add(d);
    clock.advance(d);
  }

  List<Long> millis() {
    return delays.stream().map(Duration::toMillis).collect(java.util.stream.Collectors.toList());
  }
}
