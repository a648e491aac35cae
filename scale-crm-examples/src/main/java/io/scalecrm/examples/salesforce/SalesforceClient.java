package io.scalecrm.examples.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP core of the adapter: obtains and caches the OAuth session, sends REST calls to the
 * session's {@code instance_url}, retries throttling and transient failures with back-off, renews
 * the session once on {@code 401}, and turns every other failure into a {@link CrmAdapterException}
 * whose message carries Salesforce's {@code errorCode} but never a secret.
 */
final class SalesforceClient {

  private static final Logger LOG = LoggerFactory.getLogger(SalesforceClient.class);

  static final String TOKEN_PATH = "/services/oauth2/token";
  static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String LIMIT_HEADER = "Sforce-Limit-Info";
  static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

  private static final int MAX_MESSAGE = 300;

  private final SalesforceConfig config;
  private final HttpClient http;
  private final ObjectMapper json;
  private @Nullable Session session;

  /**
   * An access token and the instance it is valid for; {@link #toString()} hides the token.
   *
   * @param accessToken the bearer token
   * @param instanceUrl the {@code instance_url} of the token reply, the base of every API call
   */
  record Session(String accessToken, URI instanceUrl) {
    @Override
    public String toString() {
      return "Session[instanceUrl=" + instanceUrl + ", accessToken=(redacted)]";
    }
  }

  /**
   * A successful (or tolerated) reply.
   *
   * @param status the HTTP status
   * @param body the JSON body, or {@code null} when empty
   * @param errorCode Salesforce's error code for a tolerated error, else empty
   */
  record Reply(int status, @Nullable JsonNode body, String errorCode) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  SalesforceClient(SalesforceConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    HttpClient configured = config.httpClient();
    this.http =
        configured != null
            ? configured
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /** The REST path prefix, {@code /services/data/vNN.N}. */
  String dataPath() {
    return "/services/data/" + config.apiVersion();
  }

  /**
   * GETs a JSON resource.
   *
   * @param path a path (and query) relative to the instance
   * @param operation what is being done, for messages
   * @param tolerated Salesforce error codes returned as a {@link Reply} instead of thrown
   */
  Reply get(String path, String operation, Set<String> tolerated) {
    return call("GET", path, null, 0, operation, tolerated);
  }

  /**
   * GETs a query or query-locator resource, asking for batches of {@code batchSize} rows with
   * {@code Sforce-Query-Options} (clamped to Salesforce's 200 to 2000).
   */
  Reply query(String path, int batchSize, String operation, Set<String> tolerated) {
    return call("GET", path, null, Math.max(200, Math.min(2000, batchSize)), operation, tolerated);
  }

  /** PATCHes a JSON body; Salesforce answers 204. */
  void patch(String path, JsonNode body, String operation) {
    call("PATCH", path, body.toString(), 0, operation, Set.of());
  }

  private Reply call(
      String method,
      String path,
      @Nullable String body,
      int batchSize,
      String operation,
      Set<String> tolerated) {
    boolean renewed = false;
    while (true) {
      Session current = session();
      HttpResponse<String> response =
          exchange(() -> request(current, method, path, body, batchSize), operation);
      int status = response.statusCode();
      JsonNode parsed = parse(response.body());
      if (status / 100 == 2) {
        return new Reply(status, parsed, "");
      }
      String code = errorCode(parsed);
      if (status == 401) {
        this.session = null;
        if (!renewed) {
          renewed = true;
          LOG.info(
              "Salesforce {}: session rejected (HTTP 401 {}); obtaining a new one",
              operation,
              code);
          continue;
        }
        throw new CrmAdapterException(
            "Salesforce "
                + operation
                + ": the session was rejected again after obtaining a new one (HTTP 401 "
                + code
                + ")",
            null,
            false);
      }
      if (tolerated.contains(code)) {
        return new Reply(status, parsed, code);
      }
      throw new CrmAdapterException(
          "Salesforce "
              + operation
              + " failed: HTTP "
              + status
              + " "
              + code
              + describe(errorMessage(parsed)),
          null,
          false);
    }
  }

  private HttpRequest request(
      Session s, String method, String path, @Nullable String body, int batchSize) {
    URI base = s.instanceUrl();
    URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Authorization", "Bearer " + s.accessToken())
            .header("Accept", "application/json");
    if (batchSize > 0) {
      b.header("Sforce-Query-Options", "batchSize=" + batchSize);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private Session session() {
    Session s = session;
    if (s == null) {
      s = acquire();
      session = s;
    }
    return s;
  }

  private Session acquire() {
    String base = config.loginUrl().toString();
    URI tokenUri =
        URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TOKEN_PATH);
    // a fresh JWT per attempt: back-off must not outlive the assertion's short expiry
    Supplier<HttpRequest> request =
        () ->
            HttpRequest.newBuilder(tokenUri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tokenForm(), StandardCharsets.UTF_8))
                .build();
    HttpResponse<String> response = exchange(request, "token request");
    JsonNode body = parse(response.body());
    if (response.statusCode() != 200) {
      throw new CrmAdapterException(
          "Salesforce token request ("
              + config.flow()
              + ") refused: HTTP "
              + response.statusCode()
              + " "
              + errorCode(body)
              + describe(errorMessage(body)),
          null,
          false);
    }
    String token = body == null ? "" : body.path("access_token").asText("");
    String instance = body == null ? "" : body.path("instance_url").asText("");
    if (token.isBlank() || instance.isBlank()) {
      throw new CrmAdapterException(
          "Salesforce token request: the reply has no access_token or instance_url", null, false);
    }
    URI instanceUrl;
    try {
      instanceUrl = SalesforceConfig.requireSafeBase(URI.create(instance), "instance_url");
    } catch (IllegalArgumentException e) {
      throw new CrmAdapterException(
          "Salesforce token request: unusable instance_url (" + e.getMessage() + ")", null, false);
    }
    LOG.debug("Salesforce session obtained ({}) for {}", config.flow(), instanceUrl);
    return new Session(token, instanceUrl);
  }

  private String tokenForm() {
    if (config.flow() == SalesforceConfig.OAuthFlow.CLIENT_CREDENTIALS) {
      return "grant_type=client_credentials&client_id="
          + form(config.clientId())
          + "&client_secret="
          + form(String.valueOf(config.clientSecret()));
    }
    String assertion =
        JwtBearer.sign(
            config.clientId(),
            config.username().orElseThrow(),
            config.audience(),
            config.clock().instant(),
            Objects.requireNonNull(config.privateKey()),
            json);
    return "grant_type=" + form(JWT_GRANT) + "&assertion=" + form(assertion);
  }

  /**
   * Sends a request, retrying network faults, 5xx, 429 and the concurrent-request kind of {@code
   * REQUEST_LIMIT_EXCEEDED} up to {@code maxRetries} times with back-off; returns the first other
   * response. The daily kind of {@code REQUEST_LIMIT_EXCEEDED} fails at once (retryable).
   */
  private HttpResponse<String> exchange(Supplier<HttpRequest> request, String operation) {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response;
      try {
        response =
            http.send(request.get(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        String reason = "network error (" + e.getClass().getSimpleName() + ")";
        if (attempt >= config.maxRetries()) {
          throw new CrmAdapterException(
              "Salesforce " + operation + " failed after " + (attempt + 1) + " attempts: " + reason,
              e,
              true);
        }
        pause(attempt, null, operation, reason);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CrmAdapterException("Salesforce " + operation + " interrupted", e, true);
      }
      response
          .headers()
          .firstValue(LIMIT_HEADER)
          .ifPresent(usage -> LOG.debug("Salesforce {}: {}", operation, usage));
      int status = response.statusCode();
      JsonNode error = status == 403 ? parse(response.body()) : null;
      String code = errorCode(error);
      boolean limit = REQUEST_LIMIT_EXCEEDED.equals(code);
      if (limit && !concurrencyLimit(errorMessage(error))) {
        // The org's rolling 24-hour allowance is used up: it does not clear in seconds, so
        // backing off would only hold the run up. Fail now; the sync keeps its cursor.
        throw new CrmAdapterException(
            "Salesforce's API request limit for this org is used up ("
                + REQUEST_LIMIT_EXCEEDED
                + " on "
                + operation
                + describe(errorMessage(error))
                + "); not retrying: run the sync again when the org's 24-hour API allowance has"
                + " room",
            null,
            true);
      }
      boolean transientFailure = status == 429 || status >= 500 || limit;
      if (!transientFailure) {
        return response;
      }
      String reason = "HTTP " + status + (code.isEmpty() ? "" : " " + code);
      if (attempt >= config.maxRetries()) {
        throw new CrmAdapterException(
            "Salesforce " + operation + " failed after " + (attempt + 1) + " attempts: " + reason,
            null,
            true);
      }
      pause(attempt, retryAfter(response), operation, reason);
    }
  }

  /**
   * Whether a {@code REQUEST_LIMIT_EXCEEDED} is the limit on concurrent long-running requests (such
   * as {@code ConcurrentPerOrgLongTxn Limit exceeded}), which clears as soon as other requests
   * finish, rather than the daily allowance ({@code TotalRequests Limit exceeded}).
   */
  static boolean concurrencyLimit(String message) {
    return message.toLowerCase(java.util.Locale.ROOT).contains("concurrent");
  }

  private void pause(int attempt, @Nullable Duration retryAfter, String operation, String reason) {
    Duration delay = retryAfter != null ? retryAfter : backoff(attempt);
    LOG.warn(
        "Salesforce {}: {}; retry {} of {} in {} ms",
        operation,
        reason,
        attempt + 1,
        config.maxRetries(),
        delay.toMillis());
    try {
      config.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrmAdapterException(
          "Salesforce " + operation + " interrupted while backing off", e, true);
    }
  }

  /** Between half and all of {@code initial * 2^attempt}, capped at the maximum. */
  Duration backoff(int attempt) {
    long max = config.maxBackoff().toMillis();
    long ceiling = Math.min(max, config.initialBackoff().toMillis() << Math.min(attempt, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  private static @Nullable Duration retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.get().trim());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 300));
    } catch (NumberFormatException e) {
      return null; // an HTTP-date: fall back to our own back-off
    }
  }

  private @Nullable JsonNode parse(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@code errorCode} of a REST error array, or {@code error} of an OAuth error object. */
  static String errorCode(@Nullable JsonNode body) {
    if (body == null) {
      return "";
    }
    JsonNode first = body.isArray() ? body.path(0) : body;
    String code = first.path("errorCode").asText("");
    return clean(code.isEmpty() ? first.path("error").asText("") : code, 64);
  }

  private static String errorMessage(@Nullable JsonNode body) {
    if (body == null) {
      return "";
    }
    JsonNode first = body.isArray() ? body.path(0) : body;
    String message = first.path("message").asText("");
    return clean(
        message.isEmpty() ? first.path("error_description").asText("") : message, MAX_MESSAGE);
  }

  private static String describe(String message) {
    return message.isEmpty() ? "" : ": " + message;
  }

  /** Drops control characters and bounds the length of text quoted from a response. */
  private static String clean(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
