package io.scalecrm.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.client.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void defaultsAreFourAttemptsWithASixtySecondBudget() {
    RetryPolicy p = RetryPolicy.defaults();

    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.maxTotalTime()).isEqualTo(Duration.ofSeconds(60));
    RetryPolicy pinned = p.withJitter(() -> 1.0);
    assertThat(pinned.delayBeforeRetry(1, Optional.empty())).isEqualTo(ms(200));
    assertThat(pinned.delayBeforeRetry(2, Optional.empty())).isEqualTo(ms(400));
    assertThat(pinned.delayBeforeRetry(10, Optional.empty())).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void noneMakesOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void fullJitterScalesBetweenZeroAndTheCeiling() {
    RetryPolicy p = RetryPolicy.exponential(5, ms(100), ms(1000));

    assertThat(p.withJitter(() -> 0.0).delayBeforeRetry(3, Optional.empty())).isEqualTo(ms(0));
    assertThat(p.withJitter(() -> 0.25).delayBeforeRetry(3, Optional.empty())).isEqualTo(ms(100));
    assertThat(p.withJitter(() -> 7.0).delayBeforeRetry(3, Optional.empty())).isEqualTo(ms(400));
    assertThat(p.withJitter(() -> -1.0).delayBeforeRetry(3, Optional.empty())).isEqualTo(ms(0));
    for (int i = 0; i < 200; i++) {
      assertThat(p.delayBeforeRetry(3, Optional.empty())).isBetween(ms(0), ms(400));
    }
  }

  @Test
  void ceilingIsCappedAndNeverOverflows() {
    RetryPolicy p = RetryPolicy.exponential(100, ms(100), ms(300)).withJitter(() -> 1.0);

    assertThat(p.delayBeforeRetry(3, Optional.empty())).isEqualTo(ms(300));
    assertThat(p.delayBeforeRetry(99, Optional.empty())).isEqualTo(ms(300));
    assertThat(
            RetryPolicy.exponential(100, Duration.ofDays(1), Duration.ofDays(2))
                .withJitter(() -> 1.0)
                .withMaxTotalTime(Duration.ofDays(30))
                .delayBeforeRetry(80, Optional.empty()))
        .isEqualTo(Duration.ofDays(2));
  }

  @Test
  void retryAfterWinsWhenLargerButStaysWithinTheBudget() {
    RetryPolicy p = RetryPolicy.exponential(4, ms(100), ms(1000)).withJitter(() -> 1.0);

    assertThat(p.delayBeforeRetry(1, Optional.of(Duration.ofSeconds(5))))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(p.delayBeforeRetry(3, Optional.of(ms(50)))).isEqualTo(ms(400));
    assertThat(
            p.withMaxTotalTime(Duration.ofSeconds(2))
                .delayBeforeRetry(1, Optional.of(Duration.ofSeconds(5))))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withMethodsReturnChangedCopies() {
    RetryPolicy p = RetryPolicy.exponential(4, ms(100), ms(1000));
    RetryPolicy q = p.withMaxTotalTime(Duration.ofSeconds(5)).withMaxAttempts(7);

    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.maxTotalTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(q.maxAttempts()).isEqualTo(7);
    assertThat(q.maxTotalTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p).isEqualTo(RetryPolicy.exponential(4, ms(100), ms(1000)));
    assertThat(p.toString()).contains("maxAttempts=4");
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> RetryPolicy.exponential(0, ms(1), ms(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.exponential(3, ms(10), ms(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.exponential(3, ms(-1), ms(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.defaults().withMaxTotalTime(ms(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.defaults().delayBeforeRetry(0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
