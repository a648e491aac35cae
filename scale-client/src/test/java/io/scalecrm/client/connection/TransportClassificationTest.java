package io.scalecrm.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.scalecrm.client.Idempotency;
import io.scalecrm.client.ScaleConnection;
import io.scalecrm.client.ScaleConnectionException;
import io.scalecrm.client.ScaleException;
import io.scalecrm.client.ScaleHttpException;
import io.scalecrm.client.invoker.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Feeds the failures the generated client produces (an {@link ApiException} wrapping an {@link
 * IOException}, or carrying a status and headers) straight into {@link ScaleConnection#call}, for
 * the cases a loopback server cannot produce reliably.
 */
class TransportClassificationTest {
  private final MutableClock clock = new MutableClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  // nothing is sent: the calls below never touch the network
  private final ScaleConnection connection =
      Fixtures.connection("https://scale.example.invalid", clock, sleeper).build();

  private Throwable fail(Idempotency idempotency, ApiException failure, AtomicInteger attempts) {
    return catchThrowable(
        () ->
            connection.call(
                "op",
                idempotency,
                () -> {
                  attempts.incrementAndGet();
                  throw failure;
                }));
  }

  private ScaleConnectionException connectionFailure(IOException cause) {
    AtomicInteger attempts = new AtomicInteger();
    Throwable t = fail(Idempotency.IDEMPOTENT, new ApiException(cause), attempts);
    assertThat(t).isInstanceOf(ScaleConnectionException.class);
    assertThat(attempts.get()).isEqualTo(4);
    return (ScaleConnectionException) t;
  }

  @Test
  void failuresBeforeTheRequestWasWrittenAreNotSent() {
    assertThat(
            connectionFailure(new HttpConnectTimeoutException("connect timed out")).requestSent())
        .isFalse();
    assertThat(connectionFailure(new ConnectException()).requestSent()).isFalse();
    assertThat(connectionFailure(new UnknownHostException("scale.example.invalid")).requestSent())
        .isFalse();
    IOException wrapped = new IOException("connect failed", new ConnectException("refused"));
    assertThat(connectionFailure(wrapped).requestSent()).isFalse();
    assertThat(connectionFailure(new SSLHandshakeException("remote closed")).requestSent())
        .isFalse();
  }

  @Test
  void anUnresolvedHostSaysToCheckTheBaseUrl() {
    ScaleConnectionException e =
        connectionFailure(new UnknownHostException("scale.example.invalid"));

    assertThat(e.getMessage())
        .contains("host scale.example.invalid not resolved")
        .contains("check the Scale API base URL (SCALE_API_URL, or --scale-url");
    assertThat(e.requestSent()).isFalse();
  }

  @Test
  void failuresAfterTheRequestMayHaveBeenWrittenAreAmbiguous() {
    assertThat(connectionFailure(new HttpTimeoutException("request timed out")).requestSent())
        .isTrue();
    assertThat(connectionFailure(new IOException("Connection reset")).requestSent()).isTrue();
  }

  @Test
  void ambiguousFailuresOfACreateAreNotRetriedButUnsentOnesAre() {
    AtomicInteger ambiguous = new AtomicInteger();
    fail(
        Idempotency.NON_IDEMPOTENT,
        new ApiException(new HttpTimeoutException("request timed out")),
        ambiguous);
    AtomicInteger unsent = new AtomicInteger();
    fail(
        Idempotency.NON_IDEMPOTENT,
        new ApiException(new HttpConnectTimeoutException("connect timed out")),
        unsent);

    assertThat(ambiguous.get()).isEqualTo(1);
    assertThat(unsent.get()).isEqualTo(4);
  }

  @Test
  void untrustedCertificateIsNotRetried() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertificateException("unable to find valid certification path"));
    AtomicInteger attempts = new AtomicInteger();

    Throwable t = fail(Idempotency.IDEMPOTENT, new ApiException(handshake), attempts);

    assertThat(t).isExactlyInstanceOf(ScaleException.class).hasMessageContaining("certificate");
    assertThat(((ScaleException) t).retryable()).isFalse();
    assertThat(attempts.get()).isEqualTo(1);
  }

  private static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (k, v) -> true);
  }

  private ScaleHttpException httpFailure(int status, Map<String, List<String>> headers) {
    AtomicInteger attempts = new AtomicInteger();
    Throwable t =
        fail(
            Idempotency.IDEMPOTENT,
            new ApiException(status, "op call failed", headers(headers), null),
            attempts);
    assertThat(t).isInstanceOf(ScaleHttpException.class);
    return (ScaleHttpException) t;
  }

  @Test
  void retryAfterVariants() {
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(MutableClock.START.minusSeconds(30), ZoneOffset.UTC));
    String future =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(MutableClock.START.plusSeconds(90), ZoneOffset.UTC));

    assertThat(httpFailure(404, Map.of("Retry-After", List.of("12"))).retryAfter())
        .contains(Duration.ofSeconds(12));
    assertThat(httpFailure(404, Map.of("Retry-After", List.of(future))).retryAfter())
        .contains(Duration.ofSeconds(90));
    assertThat(httpFailure(404, Map.of("Retry-After", List.of(past))).retryAfter())
        .contains(Duration.ZERO);
    assertThat(httpFailure(404, Map.of("Retry-After", List.of("soon"))).retryAfter()).isEmpty();
    assertThat(httpFailure(404, Map.of("Retry-After", List.of("-5"))).retryAfter()).isEmpty();
    assertThat(httpFailure(404, Map.of()).retryAfter()).isEmpty();
  }
}
