package io.scalecrm.testkit;

import static io.scalecrm.testkit.ApiErrors.expectApiException;
import static io.scalecrm.testkit.ApiErrors.expectStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.Licensee;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault injector, seen through the generated client. */
class FaultInjectionTest {

  @RegisterExtension static ScaleSandboxExtension ext = new ScaleSandboxExtension();

  ScaleSandbox sandbox;
  Clients api;

  @BeforeEach
  void setUp(ScaleSandbox s) {
    sandbox = s;
    api = Clients.of(s);
  }

  Licensee org(String naturalId) throws ApiException {
    return api.licensees.setupOrganization(
        new Licensee().name("Org " + naturalId).naturalId(naturalId));
  }

  @Test
  void latencyDelaysButTheCallStillSucceeds() throws Exception {
    sandbox.faults().latency(Duration.ofMillis(30));
    assertThat(org("lat-1").getId()).isNotNull();
    sandbox.faults().latency(Duration.ofMillis(5), Duration.ofMillis(40));
    assertThat(api.licensees.findLicenseeByNaturalId("lat-1").getNaturalId()).isEqualTo("lat-1");
  }

  /** Which of 30 lookups fail, as a string of '.' (ok) and 'x' (503). */
  String errorPattern(long seed) {
    sandbox.reset();
    sandbox.faults().errorRate(0.4, 503, seed);
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      try {
        api.licensees.listLicensees(null, null, null, null);
        pattern.append('.');
      } catch (ApiException e) {
        assertThat(e.getCode()).isEqualTo(503);
        pattern.append('x');
      }
    }
    return pattern.toString();
  }

  @Test
  void errorRateIsReproducibleWithASeed() {
    String first = errorPattern(42);
    assertThat(first).contains(".", "x");
    assertThat(errorPattern(42)).isEqualTo(first);
    assertThat(errorPattern(7)).isNotEqualTo(first);
    sandbox.faults().errorRate(1.0, 500, 1);
    expectStatus(500, () -> api.licensees.listLicensees(null, null, null, null));
  }

  @Test
  void throttlingAnswers429WithRetryAfter() throws Exception {
    sandbox.faults().throttleNext(2, "1");
    for (int i = 0; i < 2; i++) {
      ApiException e = expectStatus(429, () -> org("t-1"));
      assertThat(e.getResponseHeaders().firstValue("Retry-After")).hasValue("1");
    }
    org("t-1");
    String date = "Wed, 21 Oct 2026 07:28:00 GMT";
    sandbox.faults().throttleNext(1, date);
    ApiException e =
        expectStatus(429, () -> api.licensees.getLicensee(java.util.UUID.randomUUID()));
    assertThat(e.getResponseHeaders().firstValue("Retry-After")).hasValue(date);
    assertThat(sandbox.snapshot().licensees()).hasSize(1);
  }

  @Test
  void droppedConnectionSurfacesAsIoFailureAndIsNotApplied() throws Exception {
    sandbox.faults().dropConnectionOnNext("setupOrganization", 1);
    ApiException e = expectApiException(() -> org("d-1"));
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(sandbox.snapshot().licensees()).isEmpty();
    assertThat(sandbox.journal().entries("setupOrganization"))
        .singleElement()
        .satisfies(j -> assertThat(j.status()).isEqualTo(JournalEntry.NO_RESPONSE));
    assertThat(org("d-1").getNaturalId()).isEqualTo("d-1");
  }

  @Test
  void droppedGetsNeedTwoDropsBecauseTheJdkClientRetriesThemOnce() throws Exception {
    Licensee l = org("g-1");
    api.licensees.getLicensee(l.getId()); // a pooled connection, as in real use
    sandbox.faults().dropConnectionOnNext("getLicensee", 2);
    ApiException e = expectApiException(() -> api.licensees.getLicensee(l.getId()));
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(sandbox.journal().entries("getLicensee"))
        .filteredOn(j -> j.status() == JournalEntry.NO_RESPONSE)
        .hasSizeBetween(1, 2);
    sandbox.faults().clear();
    assertThat(api.licensees.getLicensee(l.getId()).getId()).isEqualTo(l.getId());
  }

  @Test
  void failNthFailsOnlyTheNthCallWithoutApplyingIt() throws Exception {
    sandbox.faults().failNth("setupOrganization", 2, 500);
    org("n-1");
    expectStatus(500, () -> org("n-2"));
    org("n-3");
    assertThat(sandbox.snapshot().licensees())
        .extracting(SandboxSnapshot.SnapLicensee::naturalId)
        .containsExactlyInAnyOrder("n-1", "n-3");
    List<Integer> statuses = new ArrayList<>();
    sandbox.journal().entries("setupOrganization").forEach(j -> statuses.add(j.status()));
    assertThat(statuses).containsExactly(201, 500, 201);
  }

  @Test
  void lostResponseAppliesTheWriteButTheClientSeesAnError() throws Exception {
    sandbox.faults().loseResponseOfNth("setupOrganization", 1);
    ApiException e = expectApiException(() -> org("l-1"));
    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(sandbox.snapshot().licenseeByNaturalId("l-1")).isPresent();
    // a blind retry now meets the uniqueness rule; look-up-then-create finds the licensee
    expectStatus(409, () -> org("l-1"));
    assertThat(api.licensees.findLicenseeByNaturalId("l-1").getNaturalId()).isEqualTo("l-1");
  }

  @Test
  void randomLostAnswersApplyWritesAndRandomResetsDoNot() throws Exception {
    sandbox.faults().randomFaults(RandomFaults.builder().seed(9).lostAnswerRate(1.0).build());
    ApiException lost = expectApiException(() -> org("rl-1"));
    assertThat(lost.getCause()).isInstanceOf(IOException.class);
    assertThat(sandbox.snapshot().licenseeByNaturalId("rl-1")).isPresent();

    sandbox.faults().randomFaults(RandomFaults.builder().seed(9).resetRate(1.0).build());
    ApiException reset = expectApiException(() -> org("rr-1"));
    assertThat(reset.getCause()).isInstanceOf(IOException.class);
    assertThat(sandbox.snapshot().licenseeByNaturalId("rr-1")).isEmpty();
    assertThat(sandbox.faults().randomFaultCounts()).containsEntry("reset", 1);

    // writes only: reads pass, and a 503 write is not applied
    sandbox
        .faults()
        .randomFaults(RandomFaults.builder().seed(9).rate(503, 1.0).writesOnly().build());
    assertThat(api.licensees.findLicenseeByNaturalId("rl-1").getNaturalId()).isEqualTo("rl-1");
    expectStatus(503, () -> org("rw-1"));
    assertThat(sandbox.snapshot().licenseeByNaturalId("rw-1")).isEmpty();

    sandbox.faults().clear();
    assertThat(org("rw-1").getNaturalId()).isEqualTo("rw-1");
  }

  @Test
  void faultsNameKnownOperationsAndClear() throws Exception {
    assertThatThrownBy(() -> sandbox.faults().failNth("setupOrganisation", 1, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setupOrganization");
    assertThatThrownBy(() -> sandbox.faults().errorRate(2, 503, 1))
        .isInstanceOf(IllegalArgumentException.class);
    sandbox.faults().errorRate(1, 503, 1).throttleNext(5, "2").failNth("getLicensee", 1, 500);
    sandbox.faults().clear();
    assertThat(org("c-1").getId()).isNotNull();
  }
}
