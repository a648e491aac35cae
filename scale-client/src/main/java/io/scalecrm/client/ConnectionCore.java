package io.scalecrm.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.client.api.LicenseConsumersApi;
import io.scalecrm.client.api.LicenseContainersApi;
import io.scalecrm.client.api.LicenseesApi;
import io.scalecrm.client.api.LicensesApi;
import io.scalecrm.client.api.ProductsApi;
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

  /** What the current attempt on this thread sent and got, inside {@link #call}. */
  private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

  /** The token one attempt sent and the HTTP status it got (0 until an answer arrives). */
  private static final class Attempt {
    int status;
    String token;
  }

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
  final ProductsApi products;

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
    this.products = new ProductsApi(apiClient);
  }

  private void beforeSend(HttpRequest.Builder request) {
    String token = tokens.token();
    Attempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.token = token;
    }
    request.setHeader("Authorization", "ScaleJwt " + token);
    request.setHeader("User-Agent", userAgent);
  }

  private static void afterReceive(HttpResponse<InputStream> response) {
    Attempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.status = response.statusCode();
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
    boolean authRetried = false;
    int counted = 0;
    for (int attempt = 1; ; attempt++) {
      counted++;
      listeners.onAttempt(operation, attempt);
      Instant attemptStart = clock.instant();
      Attempt previous = CURRENT.get();
      Attempt sent = new Attempt();
      CURRENT.set(sent);
      ScaleException failure;
      try {
        T result = call.execute();
        int answered = sent.status == 0 ? 200 : sent.status;
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
        failure = ScaleErrors.translate(operation, baseUrl, e, clock, json);
      } catch (RuntimeException e) {
        listeners.onResult(operation, attempt, sent.status, since(attemptStart));
        throw e;
      } finally {
        if (previous == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }

      int httpStatus = statusOf(failure);
      listeners.onResult(operation, attempt, httpStatus, since(attemptStart));
      maybeProcessed |= mayHaveBeenProcessed(failure);
      boolean interrupted = Thread.currentThread().isInterrupted();
      if (failure instanceof ScaleAuthenticationException) {
        // Scale refused the token: discard it. The request was not processed, so any call may be
        // sent once more, at once, with a freshly minted token; a second refusal is final.
        tokens.invalidate(sent.token);
        if (!authRetried && !interrupted) {
          authRetried = true;
          counted--;
          LOG.info(
              "Scale refused the token of call {} (HTTP {}); retrying once with a new token",
              operation,
              httpStatus);
          listeners.onRetry(operation, attempt, Duration.ZERO, failure);
          earlier.add(failure);
          continue;
        }
      }

      if (interrupted || !idempotency.allowsRetryAfter(failure) || counted >= maxAttempts) {
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
      Duration delay = retryPolicy.delayBeforeRetry(counted, retryAfter);
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

  /**
   * Whether the failed attempt may have changed something at Scale: a request that may have been
   * sent and got no answer, or any 5xx (503 included: a proxy may answer 503 after forwarding). 4xx
   * answers, 429 included, mean Scale refused the request without processing it.
   */
  static boolean mayHaveBeenProcessed(ScaleException failure) {
    if (failure instanceof ScaleConnectionException) {
      return ((ScaleConnectionException) failure).requestSent();
    }
    return statusOf(failure) >= 500;
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
