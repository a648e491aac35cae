package io.scalecrm.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.client.invoker.ApiException;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Translates the generated client's checked {@link ApiException} into the SDK's typed exceptions.
 */
final class ScaleErrors {
  /** A compact JWS: three base64url segments, the first an encoded JSON object ({@code {"}). */
  private static final Pattern JWT_LIKE =
      Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  /**
   * An authorization scheme followed by something token-shaped: a JWT, or a run of at least 20
   * base64url (or base64) characters. The words after a scheme name in ordinary text ("the ScaleJwt
   * names a key id") do not match, so redaction never eats them.
   */
  private static final Pattern SCHEME_VALUE =
      Pattern.compile("(?i)\\b(ScaleJwt|Bearer)(\\s+)[A-Za-z0-9_~+/.=-]{20,}");

  private ScaleErrors() {}

  /** The exception to throw for a failed attempt. */
  static ScaleException translate(
      String operation, URI baseUrl, ApiException e, Clock clock, ObjectMapper json) {
    int status = e.getCode();
    HttpHeaders headers = e.getResponseHeaders();
    if (status >= 100 && headers != null) {
      return httpError(operation, status, headers, e.getResponseBody(), clock, json);
    }
    if (status != 0) {
      // the generated client checks required parameters before sending anything
      return new ScaleException(
          "Scale call " + operation + " was not sent: " + redact(e.getMessage()), null, false);
    }
    Throwable cause = e.getCause();
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new ScaleConnectionException(
          operation, true, "interrupted while waiting for the answer", cause);
    }
    if (cause instanceof JsonProcessingException) {
      return new ScaleException(
          "Scale call "
              + operation
              + " failed: the request or answer body could not be converted to or from JSON ("
              + cause.getClass().getSimpleName()
              + ")",
          cause,
          false);
    }
    if (cause instanceof IOException) {
      return transportError(operation, baseUrl, (IOException) cause);
    }
    return new ScaleException(
        "Scale call " + operation + " failed: " + redact(e.getMessage()), cause, false);
  }

  private static ScaleException transportError(String operation, URI baseUrl, IOException cause) {
    if (Thread.currentThread().isInterrupted()) {
      return new ScaleConnectionException(operation, true, "interrupted", cause);
    }
    if (hasCause(cause, CertificateException.class)
        || hasCause(cause, CertPathValidatorException.class)
        || hasCause(cause, SSLPeerUnverifiedException.class)) {
      return new ScaleException(
          "Scale call "
              + operation
              + " failed: the server's TLS certificate is not trusted ("
              + cause.getClass().getSimpleName()
              + "); check the base URL and the JVM trust store",
          cause,
          false);
    }
    String kind;
    boolean sent;
    if (hasCause(cause, HttpConnectTimeoutException.class)) {
      kind = "connect timeout";
      sent = false;
    } else if (hasCause(cause, HttpTimeoutException.class)) {
      kind = "read timeout";
      sent = true;
    } else if (hasCause(cause, UnknownHostException.class)
        || hasCause(cause, UnresolvedAddressException.class)) {
      kind =
          "host "
              + (baseUrl.getHost() == null ? "" : baseUrl.getHost() + " ")
              + "not resolved; check the Scale API base URL ("
              + ScaleConnection.ENV_API_URL
              + ", or --scale-url of the sync tool)";
      sent = false;
    } else if (hasCause(cause, ConnectException.class)
        || hasCause(cause, NoRouteToHostException.class)) {
      kind = "connection refused or unreachable";
      sent = false;
    } else if (hasCause(cause, SSLHandshakeException.class)) {
      kind = "TLS handshake failed";
      sent = false;
    } else {
      kind = "connection broken (" + cause.getClass().getSimpleName() + ")";
      sent = true;
    }
    return new ScaleConnectionException(operation, sent, kind, cause);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static ScaleHttpException httpError(
      String operation,
      int status,
      HttpHeaders headers,
      @Nullable String body,
      Clock clock,
      ObjectMapper json) {
    String error = null;
    Integer code = null;
    String description = null;
    if (body != null && !body.isBlank()) {
      try {
        JsonNode node = json.readTree(body);
        if (node != null && node.isObject()) {
          error = text(node.get("error"));
          description = text(node.get("description"));
          code = integer(node.get("code"));
        }
      } catch (JsonProcessingException notJson) {
        // answers from proxies and load balancers need not be Scale's JSON error body
      }
    }
    Duration retryAfter =
        headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock)).orElse(null);
    return ScaleHttpException.of(
        operation, status, redact(error), code, redact(description), retryAfter);
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  private static @Nullable Integer integer(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.canConvertToInt() && node.isIntegralNumber()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      try {
        return Integer.valueOf(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Parses {@code Retry-After}: delay-seconds or an HTTP date (relative to the clock; a date in the
   * past means zero).
   */
  static Optional<Duration> parseRetryAfter(@Nullable String value, Clock clock) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        return Optional.empty();
      }
    }
    try {
      ZonedDateTime date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), date.toInstant());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Masks tokens and nothing else: the value after {@code ScaleJwt} or {@code Bearer} when it looks
   * like a token (a JWT, or a long run of base64url characters), and anything JWT-shaped anywhere.
   * The words around a token are kept.
   */
  static @Nullable String redact(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String r = SCHEME_VALUE.matcher(s).replaceAll("$1$2[redacted]");
    return JWT_LIKE.matcher(r).replaceAll("[redacted]");
  }
}
