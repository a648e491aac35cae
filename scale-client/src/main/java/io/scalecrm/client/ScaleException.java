package io.scalecrm.client;

/**
 * Root of every exception this SDK throws: unchecked, and able to say whether trying the same thing
 * again later may succeed.
 *
 * <p>Messages never contain private keys, JWTs or CRM tokens.
 */
public class ScaleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, with the ids needed to triage it
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether the same call may succeed if tried again later
   */
  public ScaleException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether trying the same operation again later may succeed (a connection failure, a 429, a 503),
   * as opposed to a failure that repeats until something is changed (invalid input, a missing
   * permission).
   *
   * @return {@code true} when a later retry may succeed
   */
  public boolean retryable() {
    return retryable;
  }
}
