package io.scalecrm.client;

import jakarta.annotation.Nullable;
import java.time.Duration;

/**
 * Scale refused the credentials: HTTP 401 (the Scale JWT was not accepted) or 403 (the token's
 * permissions do not allow the operation).
 *
 * <p>Typical causes: the key id, issuer or public key registered in the Scale console does not
 * match {@link ScaleJwtCredentials}; the key has expired; the local clock is far off; the {@code
 * permissions} claim is too narrow. Never retryable.
 */
public final class ScaleAuthenticationException extends ScaleHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param operation the operation that failed
   * @param status 401 or 403
   * @param error the {@code error} field of Scale's error body, or {@code null}
   * @param code the {@code code} field of Scale's error body, or {@code null}
   * @param description the {@code description} field of Scale's error body, or {@code null}
   * @param retryAfter the delay from {@code Retry-After}, or {@code null}
   */
  public ScaleAuthenticationException(
      String operation,
      int status,
      @Nullable String error,
      @Nullable Integer code,
      @Nullable String description,
      @Nullable Duration retryAfter) {
    super(operation, status, error, code, description, retryAfter);
    if (status != 401 && status != 403) {
      throw new IllegalArgumentException(
          "ScaleAuthenticationException is for HTTP 401 and 403, not " + status);
    }
  }
}
