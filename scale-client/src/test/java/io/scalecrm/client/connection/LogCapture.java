package io.scalecrm.client.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Every log line written through SLF4J in this test JVM (see {@link CapturingSlf4jProvider}). */
final class LogCapture {
  private static final int MAX_LINES = 50_000;
  private static final ConcurrentLinkedDeque<String> LINES = new ConcurrentLinkedDeque<>();
  private static final AtomicInteger SIZE = new AtomicInteger();

  private LogCapture() {}

  static void record(String line) {
    LINES.addLast(line);
    if (SIZE.incrementAndGet() > MAX_LINES && LINES.pollFirst() != null) {
      SIZE.decrementAndGet();
    }
  }

  static void clear() {
    LINES.clear();
    SIZE.set(0);
  }

  static List<String> lines() {
    return new ArrayList<>(LINES);
  }
}
