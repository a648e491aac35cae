package io.scalecrm.examples.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP core of the adapter: sends JSON requests with the bearer token, retries throttled (429),
 * failed (5xx) and unreachable requests, and turns every other failure into a {@link
 * CrmAdapterException} whose message names the operation but never the token.
 *
 * <p>A 429 from HubSpot's daily limit (the error's {@code policyName} is {@code DAILY}, or {@code
 * X-HubSpot-RateLimit-Daily-Remaining} is 0) is not retried: it fails the read at once, retryable,
 * because it clears only when the day's allowance resets. So does a 429 or 5xx whose {@code
 * Retry-After} is longer than {@link #MAX_RETRY_AFTER}.
 */
final class HubSpotHttp {
  private static final Logger LOG = LoggerFactory.getLogger(HubSpotHttp.class);

  /** A {@code Retry-After} longer than this (a daily limit) fails the read instead of blocking. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** The header HubSpot sends with the calls left today, for some kinds of authentication. */
  static final String DAILY_REMAINING_HEADER = "X-HubSpot-RateLimit-Daily-Remaining";

  private static final int MAX_BACKOFF_FACTOR = 32;
  private static final int MAX_ERROR_TEXT = 300;

  private final HubSpotConfig config;
  private final ObjectMapper json;
  private final HttpClient client;

  HubSpotHttp(HubSpotConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A response with a 2xx (or, when the caller allows it, 404) status. */
  record Response(int status, JsonNode body) {
    boolean notFound() {
      return status == 404;
    }
  }

  /**
   * Sends a request, retrying as configured.
   *
   * @param operation what is being done, for messages ("search companies")
   * @param method the HTTP method
   * @param pathAndQuery the path below the base URL, with its query string
   * @param body the JSON body, or {@code null}
   * @param allowNotFound whether a 404 is an answer rather than a failure
   */
  Response send(
      String operation,
      String method,
      String pathAndQuery,
      @Nullable JsonNode body,
      boolean allowNotFound) {
    HttpRequest request = request(method, pathAndQuery, body);
    int attempt = 0;
    while (true) {
      HttpResponse<byte[]> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (attempt >= config.maxRetries()) {
          throw new CrmAdapterException(
              "HubSpot "
                  + operation
                  + " failed: cannot reach HubSpot ("
                  + e.getClass().getSimpleName()
                  + ")",
              e,
              true);
        }
        pause(operation, "a connection failure", backoff(attempt), attempt);
        attempt++;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CrmAdapterException("HubSpot " + operation + " was interrupted", e, true);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Response(status, parse(operation, response.body()));
      }
      if (status == 404 && allowNotFound) {
        return new Response(status, MissingNode.getInstance());
      }
      if (status == 401) {
        throw new CrmAdapterException(
            "HubSpot rejected the private-app token (401) on " + operation, null, false);
      }
      if (status == 403) {
        throw new CrmAdapterException(
            "HubSpot refused " + operation + " (403): the private app lacks a required scope",
            null,
            false);
      }
      boolean throttled = status == 429;
      if (throttled && dailyLimit(response)) {
        // A daily limit does not clear in seconds: waiting would only hold the run up. Fail the
        // read now; the sync keeps its cursor, so nothing is skipped, and a later run continues.
        throw new CrmAdapterException(
            "HubSpot's daily API limit for this account is used up (429 on "
                + operation
                + "); not retrying: run the sync again after HubSpot resets the daily limit"
                + errorDetail(response.body()),
            null,
            true);
      }
      if (throttled || status >= 500) {
        Duration delay = retryAfter(response).orElse(backoff(attempt));
        String what = throttled ? "throttled the request (429)" : "answered " + status;
        if (attempt >= config.maxRetries()) {
          throw new CrmAdapterException(
              "HubSpot "
                  + what
                  + " on "
                  + operation
                  + "; gave up after "
                  + attempt
                  + (attempt == 1 ? " retry" : " retries")
                  + errorDetail(response.body()),
              null,
              true);
        }
        if (delay.compareTo(MAX_RETRY_AFTER) > 0) {
          throw new CrmAdapterException(
              "HubSpot "
                  + what
                  + " on "
                  + operation
                  + " and asks to wait "
                  + delay.toSeconds()
                  + " s (a daily limit?); try again later",
              null,
              true);
        }
        pause(operation, what, delay, attempt);
        attempt++;
        continue;
      }
      throw new CrmAdapterException(
          "HubSpot answered " + status + " on " + operation + errorDetail(response.body()),
          null,
          false);
    }
  }

  /**
   * Whether a 429 comes from a daily limit: the error body's {@code policyName} says {@code DAILY},
   * or the {@code X-HubSpot-RateLimit-Daily-Remaining} header is 0. Ten-second and per-second
   * limits ({@code TEN_SECONDLY_ROLLING}, {@code SECONDLY}) are retried.
   */
  private boolean dailyLimit(HttpResponse<byte[]> response) {
    Optional<String> remaining = response.headers().firstValue(DAILY_REMAINING_HEADER);
    if (remaining.isPresent() && remaining.get().strip().equals("0")) {
      return true;
    }
    byte[] body = response.body();
    if (body.length == 0) {
      return false;
    }
    try {
      String policy = json.readTree(body).path("policyName").asText("");
      return policy.toUpperCase(Locale.ROOT).contains("DAILY");
    } catch (IOException e) {
      return false;
    }
  }

  private HttpRequest request(String method, String pathAndQuery, @Nullable JsonNode body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(config.baseUrl() + pathAndQuery))
            .timeout(config.requestTimeout())
            .header("Authorization", "Bearer " + config.token().reveal())
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      byte[] bytes;
      try {
        bytes = json.writeValueAsBytes(body);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot write a HubSpot request body", e);
      }
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }
    return b.build();
  }

  private JsonNode parse(String operation, byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new CrmAdapterException(
          "HubSpot " + operation + " answered a body that is not JSON", e, false);
    }
  }

  private void pause(String operation, String what, Duration delay, int attempt) {
    LOG.info(
        "HubSpot {} on {}; retry {} of {} in {} ms",
        what,
        operation,
        attempt + 1,
        config.maxRetries(),
        delay.toMillis());
    try {
      config.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrmAdapterException(
          "HubSpot " + operation + " was interrupted while waiting to retry", e, true);
    }
  }

  private Duration backoff(int attempt) {
    long factor = Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(attempt, 30));
    return config.retryBackoff().multipliedBy(factor);
  }

  /** Reads {@code Retry-After} as seconds or as an HTTP date. */
  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    try {
      long seconds = Long.parseLong(value);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(config.clock().instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** HubSpot's error category, message and correlation id, shortened; never request headers. */
  private String errorDetail(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    try {
      JsonNode node = json.readTree(body);
      StringBuilder s = new StringBuilder();
      appendField(s, node, "category");
      appendField(s, node, "message");
      appendField(s, node, "correlationId");
      if (s.length() == 0) {
        return "";
      }
      String text = s.toString();
      return ": "
          + (text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text);
    } catch (IOException e) {
      return "";
    }
  }

  private static void appendField(StringBuilder s, JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isValueNode() && !value.asText().isBlank()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(field).append('=').append(value.asText());
    }
  }
}
