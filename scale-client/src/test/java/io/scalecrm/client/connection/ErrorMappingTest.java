package io.scalecrm.client.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scalecrm.client.Idempotency;
import io.scalecrm.client.RetryPolicy;
import io.scalecrm.client.ScaleAuthenticationException;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.client.invoker.ApiException;
import io.scalecrm.client.model.Licensee;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorMappingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final UUID ID = UUID.fromString("6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b7c1a00");

  private final MutableClock clock = new MutableClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);

  private ScaleConnection connect() {
    return Fixtures.connection(wm.baseUrl(), clock, sleeper).build();
  }

  private static Licensee getLicensee(ScaleConnection c) {
    return c.call("getLicensee", Idempotency.IDEMPOTENT, () -> c.licensees().getLicensee(ID));
  }

  private static void stubError(int status, String body) {
    wm.stubFor(
        get(urlPathMatching("/licensees/.*"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withBody(body)));
  }

  /** Every throwable reachable through causes and suppressed exceptions. */
  static List<Throwable> chain(Throwable t) {
    List<Throwable> all = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.add(t);
    while (!todo.isEmpty()) {
      Throwable x = todo.poll();
      if (!seen.add(x)) {
        continue;
      }
      all.add(x);
      if (x.getCause() != null) {
        todo.add(x.getCause());
      }
      Collections.addAll(todo, x.getSuppressed());
    }
    return all;
  }

  @Test
  void typedErrorCarriesScaleErrorBody() {
    stubError(
        409,
        "{\"error\":\"Conflict\",\"code\":409,\"description\":\"Licensee with naturalId ACME-1"
            + " already exists (rule licensee.naturalId.unique)\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.operation()).isEqualTo("getLicensee");
    assertThat(e.error()).isEqualTo("Conflict");
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.description())
        .isEqualTo(
            "Licensee with naturalId ACME-1 already exists (rule licensee.naturalId.unique)");
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains(
            "getLicensee", "409", "Conflict", "Licensee with naturalId ACME-1 already exists");
  }

  @Test
  void decodesNonAsciiDescription() {
    stubError(
        404,
        "{\"error\":\"Not Found\",\"code\":404,\"description\":\"Kein Lizenznehmer: Acme Müller"
            + " GmbH\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.description()).isEqualTo("Kein Lizenznehmer: Acme Müller GmbH");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authenticationFailuresHaveTheirOwnType(int status) {
    stubError(
        status, "{\"error\":\"Unauthorized\",\"code\":" + status + ",\"description\":\"bad kid\"}");

    Throwable e = catchThrowable(() -> getLicensee(connect()));

    assertThat(e).isInstanceOf(ScaleAuthenticationException.class);
    ScaleAuthenticationException auth = (ScaleAuthenticationException) e;
    assertThat(auth.status()).isEqualTo(status);
    assertThat(auth.description()).isEqualTo("bad kid");
    assertThat(auth.retryable()).isFalse();
    // sent once more with a freshly minted token, then final
    wm.verify(exactly(2), getRequestedFor(urlPathMatching("/licensees/.*")));
  }

  @Test
  void nonJsonErrorBodyLeavesFieldsEmpty() {
    stubError(404, "<html><body>Not here</body></html>");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.error()).isNull();
    assertThat(e.code()).isNull();
    assertThat(e.description()).isNull();
    assertThat(e.getMessage()).contains("getLicensee", "404").doesNotContain("<html>");
  }

  @Test
  void codeGivenAsTextIsStillRead() {
    stubError(400, "{\"error\":\"Bad Request\",\"code\":\"400\",\"description\":\"x\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.code()).isEqualTo(400);
  }

  @Test
  void jwtShapedTextInErrorBodyIsRedacted() {
    String fakeJwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    stubError(
        401,
        "{\"error\":\"Unauthorized\",\"code\":401,\"description\":\"token ScaleJwt "
            + fakeJwt
            + " rejected; raw "
            + fakeJwt
            + "\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.description()).doesNotContain(fakeJwt).contains("[redacted]");
    assertThat(e.description()).startsWith("token ScaleJwt [redacted] rejected");
    assertThat(e.getMessage()).doesNotContain(fakeJwt).doesNotContain("eyJzdWIiOiJ4In0");
  }

  @Test
  void redactionMasksOnlyTheTokenNeverTheWordsAroundIt() {
    stubError(
        401,
        "{\"error\":\"Unauthorized\",\"code\":401,\"description\":\"The ScaleJwt names a key"
            + " id that is not registered\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.description()).isEqualTo("The ScaleJwt names a key id that is not registered");
    assertThat(e.getMessage()).contains("The ScaleJwt names a key id that is not registered");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // ordinary words after a scheme name are kept
        "The ScaleJwt names a key id that is not registered"
            + "|The ScaleJwt names a key id that is not registered",
        "Bearer authentication is not supported; use ScaleJwt"
            + "|Bearer authentication is not supported; use ScaleJwt",
        "missing ScaleJwt|missing ScaleJwt",
        // token-shaped values after a scheme are masked, the words around them kept
        "got Bearer pat-na1-0f9e8d7c-6b5a-4321-9876-abcdef012345 for user"
            + "|got Bearer [redacted] for user",
        "Authorization: ScaleJwt abcdefghijklmnopqrstuvwxyz0123456789 (expired)"
            + "|Authorization: ScaleJwt [redacted] (expired)",
        "bearer dGhpcyBpcyBhIHNlY3JldCB0b2tlbg== was refused" + "|bearer [redacted] was refused",
        // JWT-shaped text anywhere
        "raw eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end|raw [redacted] end",
        "ScaleJwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl, then"
            + "|ScaleJwt [redacted], then",
      })
  void redactsTokensOnly(String text, String expected) {
    stubError(400, "{\"error\":\"Bad Request\",\"code\":400,\"description\":\"" + text + "\"}");

    ScaleHttpException e =
        catchThrowableOfType(ScaleHttpException.class, () -> getLicensee(connect()));

    assertThat(e.description()).isEqualTo(expected);
  }

  @Test
  void generatedApiExceptionNeverEscapes() {
    stubError(500, "{\"error\":\"Internal Server Error\",\"code\":500,\"description\":\"boom\"}");
    ScaleConnection c = connect();

    Throwable http = catchThrowable(() -> getLicensee(c));
    Throwable refused =
        catchThrowable(
            () ->
                getLicensee(
                    Fixtures.connection("http://127.0.0.1:" + Fixtures.closedPort(), clock, sleeper)
                        .build()));
    wm.stubFor(
        get(urlPathMatching("/licensees/.*"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Throwable reset = catchThrowable(() -> getLicensee(c));

    for (Throwable t : List.of(http, refused, reset)) {
      assertThat(t).isInstanceOf(ScaleException.class);
      assertThat(chain(t)).noneMatch(x -> x instanceof ApiException);
    }
    assertThat(refused).isInstanceOf(ScaleConnectionException.class);
    assertThat(reset).isInstanceOf(ScaleConnectionException.class);
    assertThat(((ScaleConnectionException) reset).requestSent()).isTrue();
  }

  @Test
  void malformedSuccessBodyIsANonRetryableScaleException() {
    wm.stubFor(
        get(urlPathMatching("/licensees/.*"))
            .willReturn(aResponse().withStatus(200).withBody("{not json")));

    Throwable e = catchThrowable(() -> getLicensee(connect()));

    assertThat(e)
        .isExactlyInstanceOf(ScaleException.class)
        .hasMessageContaining("getLicensee")
        .hasMessageContaining("JSON");
    assertThat(((ScaleException) e).retryable()).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlPathMatching("/licensees/.*")));
  }

  @Test
  void missingRequiredParameterIsReportedWithoutSending() {
    ScaleConnection c = connect();

    Throwable e =
        catchThrowable(
            () ->
                c.call(
                    "getLicensee", Idempotency.IDEMPOTENT, () -> c.licensees().getLicensee(null)));

    assertThat(e).isExactlyInstanceOf(ScaleException.class).hasMessageContaining("licenseeId");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void readTimeoutIsEnforcedAndAmbiguous() {
    wm.stubFor(
        get(urlPathMatching("/licensees/.*"))
            .willReturn(
                aResponse().withStatus(200).withBody(Fixtures.LICENSEE_JSON).withFixedDelay(1500)));
    ScaleConnection c =
        Fixtures.connection(wm.baseUrl(), clock, sleeper)
            .readTimeout(Duration.ofMillis(200))
            .retryPolicy(RetryPolicy.none())
            .build();

    ScaleConnectionException e =
        catchThrowableOfType(ScaleConnectionException.class, () -> getLicensee(c));

    assertThat(e.requestSent()).isTrue();
    assertThat(e.retryable()).isTrue();
    assertThat(e.operation()).isEqualTo("getLicensee");
    assertThat(e.getMessage()).contains("read timeout");
  }

  @Test
  void exceptionsThrownByTheCallPassThrough() {
    ScaleConnection c = connect();
    IllegalStateException own = new IllegalStateException("mine");

    assertThatThrownBy(
            () ->
                c.call(
                    "custom",
                    Idempotency.IDEMPOTENT,
                    () -> {
                      throw own;
                    }))
        .isSameAs(own);
  }

  @Test
  void closedConnectionRefusesCalls() {
    ScaleConnection c = connect();
    c.close();
    c.close();

    assertThatThrownBy(() -> getLicensee(c)).isInstanceOf(IllegalStateException.class);
  }
}
