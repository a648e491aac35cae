package io.scalecrm.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.client.api.LicenseConsumersApi;
import io.scalecrm.client.api.LicenseContainersApi;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.api.LicensesApi;
import io.scalecrm.client.invoker.ApiClient;
import io.scalecrm.client.invoker.ApiException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state a {@link ScaleConnection} and all its listener views share: one {@link HttpClient}, one
 * token cache, one set of generated API objects, and the retry loop.
 */
final class ConnectionCore {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleConnection.class);

  /** The HTTP status of the last answer seen on this thread inside {@link #call}. */
  private static final ThreadLocal<int[]> LAST_STATUS = new ThreadLocal<>();

  final URI baseUrl;
  final ScaleJwtCredentials credentials;
  final Duration connectTimeout;
  final Duration readTimeout;
  final RetryPolicy retryPolicy;
  final Clock clock;
  final Sleeper sleeper;
  final String userAgent;
  final LicenseesApi licensees;
  final LicenseConsumersApi licenseConsumers;
  final LicenseContainersApi licenseContainers;
  final LicensesApi licenses;

  private final HttpClient httpClient;
  private final boolean ownsHttpClient;
  private final ScaleJwtTokens tokens;
  private final ObjectMapper json = ApiClient.createDefaultObjectMapper();
  private final AtomicBoolean closed = new AtomicBoolean();

  ConnectionCore(
      URI baseUrl,
      ScaleJwtCredentials credentials,
      Duration connectTimeout,
      Duration readTimeout,
      RetryPolicy retryPolicy,
      Clock clock,
      Sleeper sleeper,
      HttpClient httpClient,
      boolean ownsHttpClient,
      String userAgent) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.httpClient = httpClient;
    this.ownsHttpClient = ownsHttpClient;
    this.userAgent = userAgent;
    this.tokens = new ScaleJwtTokens(credentials, clock);

    SharedApiClient apiClient =
        new SharedApiClient(httpClient, ApiClient.createDefaultObjectMapper(), baseUrl.toString());
    // The *Api constructors copy these settings: set them all before creating the APIs.
    apiClient.setReadTimeout(readTimeout);
    apiClient.setRequestInterceptor(this::beforeSend);
    apiClient.setResponseInterceptor(ConnectionCore::afterReceive);
    this.licensees = new LicenseesApi(apiClient);
    this.licenseConsumers = new LicenseConsumersApi(apiClient);
    this.licenseContainers = new LicenseContainersApi(apiClient);
    this.licenses = new LicensesApi(apiClient);
  }

  private void beforeSend(HttpRequest.Builder request) {
    request.setHeader("Authorization", "ScaleJwt " + tokens.token());
    request.setHeader("User-Agent", userAgent);
  }

  private static void afterReceive(HttpResponse<InputStream> response) {
    int[] holder = LAST_STATUS.get();
    if (holder != null) {
      holder[0] = response.statusCode();
    }
  }

  <T> T call(String operation, Idempotency idempotency, ScaleCall<T> call, Listeners listeners) {
    if (closed.get()) {
      throw new IllegalStateException("This ScaleConnection is closed");
    }
    int maxAttempts = retryPolicy.maxAttempts();
    Instant start = clock.instant();
    Duration slept = Duration.ZERO;
    List<ScaleException> earlier = new ArrayList<>();
    boolean maybeProcessed = false;
    for (int attempt = 1; ; attempt++) {
      listeners.onAttempt(operation, attempt);
      Instant attemptStart = clock.instant();
      int[] previous = LAST_STATUS.get();
      int[] status = {0};
      LAST_STATUS.set(status);
      ScaleException failure;
      try {
        T result = call.execute();
        int answered = status[0] == 0 ? 200 : status[0];
        Duration took = since(attemptStart);
        LOG.debug(
            "Scale call {} attempt {}: HTTP {} in {} ms",
            operation,
            attempt,
            answered,
            took.toMillis());
        listeners.onResult(operation, attempt, answered, took);
        return result;
      } catch (ApiException e) {
        failure = ScaleErrors.translate(operation, e, clock, json);
      } catch (RuntimeException e) {
        listeners.onResult(operation, attempt, status[0], since(attemptStart));
        throw e;
      } finally {
        if (previous == null) {
          LAST_STATUS.remove();
        } else {
          LAST_STATUS.set(previous);
        }
      }

      int httpStatus = statusOf(failure);
      listeners.onResult(operation, attempt, httpStatus, since(attemptStart));
      if (httpStatus == 401) {
        tokens.invalidate();
      }
      maybeProcessed |= mayHaveBeenProcessed(failure);

      boolean interrupted = Thread.currentThread().isInterrupted();
      if (interrupted || !idempotency.allowsRetryAfter(failure) || attempt >= maxAttempts) {
        LOG.debug(
            "Scale call {} gave up after attempt {} of {} ({} {}): {}",
            operation,
            attempt,
            maxAttempts,
            idempotency,
            interrupted ? "interrupted" : "no retry",
            failure.getMessage());
        throw withEarlier(failure, earlier);
      }
      Optional<Duration> retryAfter =
          failure instanceof ScaleHttpException
              ? ((ScaleHttpException) failure).retryAfter()
              : Optional.empty();
      Duration delay = retryPolicy.delayBeforeRetry(attempt, retryAfter);
      Duration spent = max(since(start), slept);
      Duration wanted = max(delay, retryAfter.orElse(Duration.ZERO));
      if (spent.plus(wanted).compareTo(retryPolicy.maxTotalTime()) > 0) {
        LOG.info(
            "Scale call {} attempt {} failed (status {}); not retrying: a {} ms wait after {} ms"
                + " would exceed the {} ms budget",
            operation,
            attempt,
            httpStatus,
            wanted.toMillis(),
            spent.toMillis(),
            retryPolicy.maxTotalTime().toMillis());
        throw withEarlier(failure, earlier);
      }
      LOG.info(
          "Retrying Scale call {} in {} ms; attempt {} of {} failed: {}",
          operation,
          delay.toMillis(),
          attempt,
          maxAttempts,
          failure.getMessage());
      listeners.onRetry(operation, attempt, delay, failure);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ScaleConnectionException interruptedWait =
            new ScaleConnectionException(
                operation,
                maybeProcessed,
                "interrupted while waiting to retry after attempt " + attempt,
                e);
        interruptedWait.addSuppressed(withEarlier(failure, earlier));
        throw interruptedWait;
      }
      slept = slept.plus(delay);
      earlier.add(failure);
    }
  }

  private Duration since(Instant start) {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static int statusOf(ScaleException failure) {
    return failure instanceof ScaleHttpException ? ((ScaleHttpException) failure).status() : 0;
  }

  /** Whether the failed attempt may have changed something at Scale. */
  private static boolean mayHaveBeenProcessed(ScaleException failure) {
    if (failure instanceof ScaleConnectionException) {
      return ((ScaleConnectionException) failure).requestSent();
    }
    int status = statusOf(failure);
    return status >= 500 && status != 503;
  }

  private static ScaleException withEarlier(ScaleException failure, List<ScaleException> earlier) {
    for (ScaleException e : earlier) {
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  void close() {
    if (!closed.compareAndSet(false, true) || !ownsHttpClient) {
      return;
    }
    // HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end once it is unreachable.
    Object client = httpClient;
    if (client instanceof AutoCloseable) {
      try {
        ((AutoCloseable) client).close();
      } catch (Exception e) {
        LOG.debug("Closing the HttpClient failed", e);
      }
    }
  }
}
