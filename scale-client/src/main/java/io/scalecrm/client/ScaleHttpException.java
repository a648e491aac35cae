package io.scalecrm.client;

import jakarta.annotation.Nullable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Scale answered with a non-2xx HTTP status.
 *
 * <p>Carries the HTTP status, the name of the operation that failed and the fields of Scale's
 * standard error body {@code {"error": ..., "code": ..., "description": ...}} when the answer had
 * one (answers produced by a proxy or load balancer may not). {@link #retryable()} is {@code true}
 * for 408, 429 and every 5xx: a later attempt may succeed. It is {@code false} for the other 4xx,
 * which repeat until the request or the credentials change. Whether a failed call may be repeated
 * at once is a different question, answered by the call's {@link Idempotency}: a create that got a
 * 5xx may have been processed and is resolved by reading, not by sending it again.
 *
 * <p>The message names the operation, status, error, code and description; it never contains the
 * {@code Authorization} header, a JWT or key material (JWT-shaped text in Scale's error fields is
 * redacted).
 */
public class ScaleHttpException extends ScaleException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int status;
  private final @Nullable String error;
  private final @Nullable Integer code;
  private final @Nullable String description;
  private final @Nullable Duration retryAfter;

  /**
   * Creates an exception for a non-2xx answer; prefer {@link #of} which picks {@link
   * ScaleAuthenticationException} for 401 and 403.
   *
   * @param operation the operation that failed, e.g. {@code getLicensee}
   * @param status the HTTP status (at least 300)
   * @param error the {@code error} field of Scale's error body, or {@code null}
   * @param code the {@code code} field of Scale's error body, or {@code null}
   * @param description the {@code description} field of Scale's error body, or {@code null}
   * @param retryAfter the delay the server asked for in {@code Retry-After}, or {@code null}
   */
  public ScaleHttpException(
      String operation,
      int status,
      @Nullable String error,
      @Nullable Integer code,
      @Nullable String description,
      @Nullable Duration retryAfter) {
    super(
        message(operation, status, error, code, description, retryAfter),
        null,
        isRetryableStatus(status));
    this.operation = Objects.requireNonNull(operation, "operation");
    this.status = status;
    this.error = error;
    this.code = code;
    this.description = description;
    this.retryAfter = retryAfter;
  }

  /**
   * Creates the exception that fits the status: {@link ScaleAuthenticationException} for 401 and
   * 403, {@link ScaleHttpException} otherwise.
   *
   * @param operation the operation that failed
   * @param status the HTTP status
   * @param error the {@code error} field of Scale's error body, or {@code null}
   * @param code the {@code code} field of Scale's error body, or {@code null}
   * @param description the {@code description} field of Scale's error body, or {@code null}
   * @param retryAfter the delay the server asked for in {@code Retry-After}, or {@code null}
   * @return the exception, not yet thrown
   */
  public static ScaleHttpException of(
      String operation,
      int status,
      @Nullable String error,
      @Nullable Integer code,
      @Nullable String description,
      @Nullable Duration retryAfter) {
    if (status == 401 || status == 403) {
      return new ScaleAuthenticationException(
          operation, status, error, code, description, retryAfter);
    }
    return new ScaleHttpException(operation, status, error, code, description, retryAfter);
  }

  /**
   * The HTTP status Scale answered with.
   *
   * @return the status, e.g. 404
   */
  public int status() {
    return status;
  }

  /**
   * The operation that failed, as named by the caller of {@link ScaleConnection#call}.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * The {@code error} field of Scale's error body (the status name, e.g. {@code "Not Found"}).
   *
   * @return the error name, or {@code null} when the answer had no Scale error body
   */
  public @Nullable String error() {
    return error;
  }

  /**
   * The {@code code} field of Scale's error body (usually equal to the status).
   *
   * @return the code, or {@code null} when the answer had no Scale error body
   */
  public @Nullable Integer code() {
    return code;
  }

  /**
   * The {@code description} field of Scale's error body, a human-readable explanation.
   *
   * @return the description, or {@code null} when the answer had no Scale error body
   */
  public @Nullable String description() {
    return description;
  }

  /**
   * The delay the server asked for in its {@code Retry-After} header (seconds or HTTP date).
   *
   * @return the delay, or empty when the answer had no (valid) {@code Retry-After}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** 408, 429 and 5xx: a later attempt may succeed. */
  static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  private static String message(
      String operation,
      int status,
      @Nullable String error,
      @Nullable Integer code,
      @Nullable String description,
      @Nullable Duration retryAfter) {
    StringBuilder sb =
        new StringBuilder("Scale call ")
            .append(operation)
            .append(" failed with HTTP ")
            .append(status);
    if (error != null) {
      sb.append(' ').append(error);
    }
    if (code != null) {
      sb.append(" (code ").append(code).append(')');
    }
    if (description != null) {
      sb.append(": ").append(description);
    }
    if (retryAfter != null) {
      sb.append(" [Retry-After ").append(retryAfter.toMillis()).append(" ms]");
    }
    return sb.toString();
  }
}
