package io.scalecrm.client;

import jakarta.annotation.Nullable;
import java.util.Objects;

/**
 * A Scale call failed without an HTTP answer: the connection could not be made, or it broke or
 * timed out before the answer arrived, or the calling thread was interrupted. Always retryable.
 *
 * <p>{@link #requestSent()} tells whether Scale may have processed the request. When it is {@code
 * false} (connection refused, connect timeout, host not resolved, TLS handshake failed) the request
 * provably never reached Scale, so even a create may be sent again. When it is {@code true} (read
 * timeout, connection reset after the request was written) the outcome is unknown: a create must be
 * resolved by reading before it is repeated.
 */
public final class ScaleConnectionException extends ScaleException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final boolean requestSent;

  /**
   * Creates the exception.
   *
   * @param operation the operation that failed, e.g. {@code setupOrganization}
   * @param requestSent {@code false} only when the request provably never reached Scale
   * @param detail what happened, e.g. {@code "connection refused"}; must not contain secrets
   * @param cause the transport failure, or {@code null}
   */
  public ScaleConnectionException(
      String operation, boolean requestSent, String detail, @Nullable Throwable cause) {
    super(
        "Scale call "
            + operation
            + " failed: "
            + detail
            + (requestSent
                ? " (the request may have reached Scale)"
                : " (the request did not reach Scale)"),
        cause,
        true);
    this.operation = Objects.requireNonNull(operation, "operation");
    this.requestSent = requestSent;
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
   * Whether Scale may have received (and processed) the request.
   *
   * @return {@code false} when the request provably never reached Scale; {@code true} when the
   *     outcome is unknown
   */
  public boolean requestSent() {
    return requestSent;
  }
}
