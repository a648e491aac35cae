package io.scalecrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run that stops calling Scale is given up instead of hanging the benchmark command. */
class WatchdogTest {
  private final int saved = Watchdog.stallSeconds;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void restore() {
    Watchdog.stallSeconds = saved;
    release.countDown();
  }

  @Test
  void aRunWithoutCallsIsGivenUpAndNamed() {
    Watchdog.stallSeconds = 1;
    Thread stuck = new Thread(this::await, "stuck");
    stuck.setDaemon(true);
    stuck.start();
    String why = Watchdog.await(stuck, () -> 42);
    assertThat(why).startsWith("hung: no Scale call for 1 s after 42 calls");
    assertThat(stuck.isAlive()).isTrue();
  }

  @Test
  void aRunThatEndsIsNotGivenUp() {
    Watchdog.stallSeconds = 1;
    AtomicLong calls = new AtomicLong();
    Thread working =
        new Thread(
            () -> {
              for (int i = 0; i < 3; i++) {
                calls.incrementAndGet();
                try {
                  Thread.sleep(700);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    working.start();
    assertThat(Watchdog.await(working, calls::get)).isNull();
    assertThat(calls.get()).isEqualTo(3);
  }

  private void await() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
