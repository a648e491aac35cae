package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scalecrm.client.Idempotency;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.client.model.Licensee;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryBehaviourTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String LIST = "/licensees";
  private static final String CREATE = "/licensees/actions/setup-organization";

  private final MutableClock clock = new MutableClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final RecordingListener listener = new RecordingListener();

  private ScaleConnection connect(String baseUrl, RetryPolicy policy) {
    return Fixtures.connection(baseUrl, clock, sleeper)
        .retryPolicy(policy)
        .listener(listener)
        .build();
  }

  private ScaleConnection connect() {
    return connect(wm.baseUrl(), Fixtures.FAST_RETRIES);
  }

  private static List<Licensee> list(ScaleConnection c) {
    return c.call(
        "listLicensees",
        Idempotency.IDEMPOTENT,
        () -> c.licensees().listLicensees(null, null, null, null));
  }

  private static Licensee create(ScaleConnection c) {
    return c.call(
        "setupOrganization",
        Idempotency.NON_IDEMPOTENT,
        () -> c.licensees().setupOrganization(new Licensee().name("Acme")));
  }

  private static void stubList(int status) {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(status)));
  }

  private static void stubCreate(int status) {
    wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(status)));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void idempotentCallRetriesRetryableStatusWithExponentialDelays(int status) {
    stubList(status);

    ScaleHttpException e = catchThrowableOfType(ScaleHttpException.class, () -> list(connect()));

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isTrue();
    wm.verify(exactly(4), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.millis()).containsExactly(100L, 200L, 400L);
    assertThat(listener.attempts()).isEqualTo(4);
    assertThat(e.getSuppressed()).hasSize(3);
  }

  @Test
  void connectionRefusedIsRetriedAndReportsRequestNotSent() {
    ScaleConnection c = connect("http://127.0.0.1:" + Fixtures.closedPort(), Fixtures.FAST_RETRIES);

    ScaleConnectionException e =
        catchThrowableOfType(ScaleConnectionException.class, () -> list(c));

    assertThat(e.requestSent()).isFalse();
    assertThat(e.retryable()).isTrue();
    assertThat(e.operation()).isEqualTo("listLicensees");
    assertThat(sleeper.millis()).containsExactly(100L, 200L, 400L);
    assertThat(listener.events)
        .contains("attempt listLicensees 4", "result listLicensees 4 0")
        .doesNotContain("attempt listLicensees 5");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 422})
  void nonRetryableStatusIsNotRetried(int status) {
    stubList(status);

    ScaleHttpException e = catchThrowableOfType(ScaleHttpException.class, () -> list(connect()));

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.delays).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authFailureIsSentOnceMoreWithoutBackoffThenFinal(int status) {
    stubList(status);

    ScaleHttpException e = catchThrowableOfType(ScaleHttpException.class, () -> list(connect()));

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isFalse();
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void aRetryWithAFreshTokenDoesNotCountAsABackoffAttempt() {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("refused, then flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(401))
            .willSetStateTo("flaky"));
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("refused, then flaky")
            .whenScenarioStateIs("flaky")
            .willReturn(aResponse().withStatus(503)));

    catchThrowableOfType(ScaleHttpException.class, () -> list(connect()));

    // one fresh-token retry, then the policy's 4 attempts with their usual delays
    wm.verify(exactly(5), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.millis()).containsExactly(100L, 200L, 400L);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void createIsNotRetriedOnServerErrorsAsAProxyMayHaveForwardedIt(int status) {
    stubCreate(status);

    ScaleHttpException e = catchThrowableOfType(ScaleHttpException.class, () -> create(connect()));

    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isTrue(); // retryable in general, but not for a create
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo(CREATE)));
    assertThat(sleeper.delays).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {429})
  void createIsRetriedWhenScaleCertainlyDidNotProcessIt(int status) {
    stubCreate(status);

    catchThrowableOfType(ScaleHttpException.class, () -> create(connect()));

    wm.verify(exactly(4), postRequestedFor(urlPathEqualTo(CREATE)));
    assertThat(sleeper.millis()).containsExactly(100L, 200L, 400L);
  }

  @Test
  void createIsRetriedWhenTheConnectionWasRefused() {
    ScaleConnection c = connect("http://127.0.0.1:" + Fixtures.closedPort(), Fixtures.FAST_RETRIES);

    ScaleConnectionException e =
        catchThrowableOfType(ScaleConnectionException.class, () -> create(c));

    assertThat(e.requestSent()).isFalse();
    assertThat(listener.attempts()).isEqualTo(4);
  }

  @Test
  void createIsNotRetriedAfterAReadTimeout() {
    wm.stubFor(
        post(urlPathEqualTo(CREATE))
            .willReturn(
                aResponse().withStatus(201).withBody(Fixtures.LICENSEE_JSON).withFixedDelay(1500)));
    ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, sleeper)
            .readTimeout(Duration.ofMillis(200))
            .listener(listener)
            .build();

    ScaleConnectionException e =
        catchThrowableOfType(ScaleConnectionException.class, () -> create(c));

    assertThat(e.requestSent()).isTrue();
    assertThat(listener.attempts()).isEqualTo(1);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void succeedsAfterTransientFailuresAndNotifiesListener() {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("[" + Fixtures.LICENSEE_JSON + "]")));

    List<Licensee> result = list(connect());

    assertThat(result).extracting(Licensee::getName).containsExactly("Acme");
    assertThat(listener.events)
        .containsExactly(
            "attempt listLicensees 1",
            "result listLicensees 1 503",
            "retry listLicensees 1 100",
            "attempt listLicensees 2",
            "result listLicensees 2 502",
            "retry listLicensees 2 200",
            "attempt listLicensees 3",
            "result listLicensees 3 200");
  }

  @Test
  void successReportsTheRealStatus() {
    wm.stubFor(
        post(urlPathEqualTo(CREATE))
            .willReturn(aResponse().withStatus(201).withBody(Fixtures.LICENSEE_JSON)));

    Licensee created = create(connect());

    assertThat(created.getName()).isEqualTo("Acme");
    assertThat(listener.events)
        .containsExactly("attempt setupOrganization 1", "result setupOrganization 1 201");
  }

  @Test
  void jitterScalesTheDelayAndTheCapLimitsIt() {
    stubList(503);
    RetryPolicy halfJitter =
        RetryPolicy.exponential(6, Duration.ofMillis(100), Duration.ofMillis(300))
            .withJitter(() -> 0.5);

    catchThrowableOfType(ScaleHttpException.class, () -> list(connect(wm.baseUrl(), halfJitter)));

    assertThat(sleeper.millis()).containsExactly(50L, 100L, 150L, 150L, 150L);
  }

  @Test
  void honoursRetryAfterInSeconds() {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

    ScaleHttpException e =
        catchThrowableOfType(
            ScaleHttpException.class, () -> list(connect(wm.baseUrl(), Fixtures.FAST_RETRIES)));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(sleeper.millis()).containsExactly(3000L, 3000L, 3000L);
  }

  @Test
  void honoursRetryAfterAsHttpDateRelativeToTheClock() {
    String in7Seconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(MutableClock.START.plusSeconds(7), ZoneOffset.UTC));
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("date")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", in7Seconds))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .inScenario("date")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("[]")));

    assertThat(list(connect())).isEmpty();

    assertThat(sleeper.millis()).containsExactly(7000L);
  }

  @Test
  void backoffWinsWhenLongerThanRetryAfter() {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));

    catchThrowableOfType(ScaleHttpException.class, () -> list(connect()));

    assertThat(sleeper.millis()).containsExactly(100L, 200L, 400L);
  }

  @Test
  void givesUpAtOnceWhenRetryAfterExceedsTheBudget() {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    ScaleHttpException e =
        catchThrowableOfType(
            ScaleHttpException.class,
            () ->
                list(
                    connect(
                        wm.baseUrl(),
                        Fixtures.FAST_RETRIES.withMaxTotalTime(Duration.ofSeconds(60)))));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void respectsMaxAttempts() {
    stubList(503);

    catchThrowableOfType(
        ScaleHttpException.class,
        () -> list(connect(wm.baseUrl(), Fixtures.FAST_RETRIES.withMaxAttempts(2))));

    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.millis()).containsExactly(100L);
  }

  @Test
  void respectsMaxTotalTime() {
    stubList(503);
    RetryPolicy policy =
        RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withJitter(() -> 1.0)
            .withMaxTotalTime(Duration.ofMillis(2500));

    catchThrowableOfType(ScaleHttpException.class, () -> list(connect(wm.baseUrl(), policy)));

    // waits 1 s twice (2 s spent); a third 1 s wait would end after 3 s > 2.5 s
    wm.verify(exactly(3), getRequestedFor(urlPathEqualTo(LIST)));
    assertThat(sleeper.millis()).containsExactly(1000L, 1000L);
  }

  @Test
  void totalTimeCountsTimeSpentInAttempts() {
    stubList(503);
    RetryPolicy policy =
        RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withJitter(() -> 1.0)
            .withMaxTotalTime(Duration.ofSeconds(10));
    ScaleConnection c = connect(wm.baseUrl(), policy);

    // each attempt "takes" 4 s on the test clock
    catchThrowableOfType(
        ScaleHttpException.class,
        () ->
            c.call(
                "listLicensees",
                Idempotency.IDEMPOTENT,
                () -> {
                  clock.advance(Duration.ofSeconds(4));
                  return c.licensees().listLicensees(null, null, null, null);
                }));

    // 4 s attempt + 1 s wait + 4 s attempt = 9 s; a 1 s wait still fits (10 s); after the third
    // attempt 14 s are spent, so no fourth
    wm.verify(exactly(3), getRequestedFor(urlPathEqualTo(LIST)));
  }

  @Test
  void noRetryPolicyMakesOneAttempt() {
    stubList(503);

    catchThrowableOfType(
        ScaleHttpException.class, () -> list(connect(wm.baseUrl(), RetryPolicy.none())));

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(LIST)));
  }

  @Test
  void interruptedSleepStopsRetryingAndKeepsTheInterruptFlag() {
    stubList(503);
    ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, sleeper)
            .sleeper(
                d -> {
                  throw new InterruptedException();
                })
            .build();

    try {
      ScaleConnectionException e =
          catchThrowableOfType(ScaleConnectionException.class, () -> list(c));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(e.requestSent()).isTrue(); // a proxy may answer 503 after forwarding
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0]).isInstanceOf(ScaleHttpException.class);
    } finally {
      Thread.interrupted();
    }
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(LIST)));
  }

  @Test
  void interruptedSleepAfterA429SaysTheRequestWasNotProcessed() {
    stubList(429);
    ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, sleeper)
            .sleeper(
                d -> {
                  throw new InterruptedException();
                })
            .build();

    try {
      ScaleConnectionException e =
          catchThrowableOfType(ScaleConnectionException.class, () -> list(c));
      assertThat(e.requestSent()).isFalse();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void interruptedThreadDoesNotRetry() {
    stubList(200);
    ScaleConnection c = connect();
    Thread.currentThread().interrupt();
    try {
      ScaleException e = catchThrowableOfType(ScaleException.class, () -> list(c));
      assertThat(e).isInstanceOf(ScaleConnectionException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(listener.attempts()).isEqualTo(1);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void throwingListenerDoesNotBreakTheCall() {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(200).withBody("[]")));
    ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, sleeper)
            .listener(
                new io.scalecrm.client.ScaleCallListener() {
                  @Override
                  public void onAttempt(String operation, int attempt) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build();

    assertThat(list(c)).isEmpty();
  }

  @Test
  void viewNotifiesBothListeners() {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(200).withBody("[]")));
    ScaleConnection base = connect();
    RecordingListener extra = new RecordingListener();
    ScaleConnection view = base.withListener(extra);

    list(view);
    list(base);

    assertThat(extra.events)
        .containsExactly("attempt listLicensees 1", "result listLicensees 1 200");
    assertThat(listener.attempts()).isEqualTo(2);
    view.close(); // a view's close does nothing
    assertThat(list(base)).isEmpty();
  }
}
