package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.testkit.FaultInjector.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The injector's decisions, without HTTP. */
class FaultInjectorTest {

  final FaultInjector faults = new FaultInjector();

  @Test
  void noFaultsByDefault() {
    FaultInjector.Decision d = faults.decide("getLicensee");
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.latency()).isZero();
  }

  @Test
  void countdownsCountOnlyTheirOperationFromNow() {
    faults.decide("setupUser");
    faults.failNth("setupUser", 2, 502).loseResponseOfNth("setupUser", 3);
    assertThat(faults.decide("getLicensee").action()).isEqualTo(Action.NONE);
    assertThat(faults.decide("setupUser").action()).isEqualTo(Action.NONE);
    FaultInjector.Decision second = faults.decide("setupUser");
    assertThat(second.action()).isEqualTo(Action.ERROR);
    assertThat(second.status()).isEqualTo(502);
    assertThat(faults.decide("setupUser").action()).isEqualTo(Action.LOSE_RESPONSE);
    assertThat(faults.decide("setupUser").action()).isEqualTo(Action.NONE);
  }

  @Test
  void dropComesFirstThenThrottlingThenFailures() {
    faults
        .failNth("getLicensee", 1, 500)
        .throttleNext(1, "3")
        .dropConnectionOnNext("getLicensee", 1);
    assertThat(faults.decide("getLicensee").action()).isEqualTo(Action.DROP);
    FaultInjector.Decision t = faults.decide("getLicensee");
    assertThat(t.action()).isEqualTo(Action.THROTTLE);
    assertThat(t.retryAfter()).isEqualTo("3");
    // the failNth countdown ticked on the first call, which the drop answered
    assertThat(faults.decide("getLicensee").action()).isEqualTo(Action.NONE);
  }

  @Test
  void latencyStaysInItsRange() {
    faults.latency(Duration.ofMillis(10), Duration.ofMillis(20));
    for (int i = 0; i < 50; i++) {
      assertThat(faults.decide("listLicensees").latency())
          .isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    }
    faults.clear();
    assertThat(faults.decide("listLicensees").latency()).isZero();
  }

  @Test
  void errorRateFollowsTheSeed() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    faults.errorRate(0.5, 500, 99);
    for (int i = 0; i < 40; i++) {
      a.append(faults.decide("listLicensees").action() == Action.ERROR ? 'x' : '.');
    }
    faults.errorRate(0.5, 500, 99);
    for (int i = 0; i < 40; i++) {
      b.append(faults.decide("listLicensees").action() == Action.ERROR ? 'x' : '.');
    }
    assertThat(a.toString()).isEqualTo(b.toString()).contains("x", ".");
  }
}
