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

  // ---------------------------------------------------------------------------------------------
  // The random fault profile

  private static RandomFaults profile(long seed) {
    return RandomFaults.builder()
        .seed(seed)
        .rate(500, 0.1)
        .rate(502, 0.05)
        .rate(503, 0.1)
        .rate(504, 0.05)
        .rate(429, 0.1)
        .resetRate(0.05)
        .lostAnswerRate(0.05)
        .latency(Duration.ofMillis(1), Duration.ofMillis(9))
        .build();
  }

  /** The decisions for n calls, alternating a read and a write, as a compact string. */
  private String decisions(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      FaultInjector.Decision d = faults.decide(i % 2 == 0 ? "getLicensee" : "setupOrganization");
      sb.append(
          switch (d.action()) {
            case NONE -> ".";
            case DROP -> "r";
            case LOSE_RESPONSE -> "l";
            default -> String.valueOf(d.status());
          });
      sb.append('/').append(d.latency().toMillis()).append(' ');
    }
    return sb.toString();
  }

  @Test
  void randomFaultsAreReproducibleWithASeedAndDifferWithAnother() {
    faults.randomFaults(profile(11));
    String first = decisions(200);
    faults.randomFaults(profile(11));
    assertThat(decisions(200)).isEqualTo(first);
    faults.randomFaults(profile(12));
    assertThat(decisions(200)).isNotEqualTo(first);
  }

  @Test
  void randomFaultsMeetTheirRatesAndAreCounted() {
    faults.randomFaults(profile(5));
    java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      FaultInjector.Decision d = faults.decide("setupOrganization");
      String kind =
          switch (d.action()) {
            case NONE -> "none";
            case DROP -> "reset";
            case LOSE_RESPONSE -> "lostAnswer";
            case THROTTLE -> {
              assertThat(d.retryAfter()).isEqualTo("0");
              yield "429";
            }
            default -> String.valueOf(d.status());
          };
      seen.merge(kind, 1, Integer::sum);
      assertThat(d.latency()).isBetween(Duration.ofMillis(1), Duration.ofMillis(9));
    }
    // a fixed seed: these counts are exact for it, and within a few percent of the rates
    assertThat(seen.get("500")).isBetween(1_800, 2_200);
    assertThat(seen.get("502")).isBetween(850, 1_150);
    assertThat(seen.get("503")).isBetween(1_800, 2_200);
    assertThat(seen.get("504")).isBetween(850, 1_150);
    assertThat(seen.get("429")).isBetween(1_800, 2_200);
    assertThat(seen.get("reset")).isBetween(850, 1_150);
    assertThat(seen.get("lostAnswer")).isBetween(850, 1_150);
    assertThat(seen.get("none")).isBetween(9_000, 11_000);
    java.util.Map<String, Integer> counted = new java.util.TreeMap<>(faults.randomFaultCounts());
    seen.remove("none");
    assertThat(counted).isEqualTo(seen);
  }

  @Test
  void randomFaultsCanBeLimitedToWritesOrToReads() {
    faults.randomFaults(RandomFaults.builder().seed(1).rate(503, 1.0).writesOnly().build());
    assertThat(faults.decide("getLicensee").action()).isEqualTo(Action.NONE);
    assertThat(faults.decide("listLicensees").action()).isEqualTo(Action.NONE);
    assertThat(faults.decide("setupOrganization").status()).isEqualTo(503);
    assertThat(faults.decide("deleteLicensee").status()).isEqualTo(503);
    assertThat(faults.decide("revokeAccessToDefaultContainer").status()).isEqualTo(503);

    faults.randomFaults(RandomFaults.builder().seed(1).resetRate(1.0).readsOnly().build());
    assertThat(faults.decide("getLicensee").action()).isEqualTo(Action.DROP);
    assertThat(faults.decide("listProducts").action()).isEqualTo(Action.DROP);
    assertThat(faults.decide("setupOrganization").action()).isEqualTo(Action.NONE);
    assertThat(faults.decide("editLicenseValidity").action()).isEqualTo(Action.NONE);
  }

  @Test
  void otherFaultsTakePrecedenceAndClearRemovesTheProfile() {
    faults.randomFaults(RandomFaults.builder().seed(3).lostAnswerRate(1.0).build());
    faults.failNth("setupUser", 1, 500);
    FaultInjector.Decision failed = faults.decide("setupUser");
    assertThat(failed.action()).isEqualTo(Action.ERROR);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(faults.decide("setupUser").action()).isEqualTo(Action.LOSE_RESPONSE);
    assertThat(faults.randomFaultCounts()).containsExactly(java.util.Map.entry("lostAnswer", 1));

    faults.clear();
    assertThat(faults.decide("setupUser").action()).isEqualTo(Action.NONE);
    assertThat(faults.randomFaultCounts()).isEmpty();
  }

  @Test
  void aProfileRefusesRatesAboveOneAndStatusesThatAreNotFaults() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RandomFaults.builder().rate(500, 0.6).resetRate(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomFaults.builder().rate(404, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomFaults.builder().rate(500, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
