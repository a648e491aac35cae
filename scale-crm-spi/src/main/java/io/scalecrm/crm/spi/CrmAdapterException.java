package io.scalecrm.crm.spi;

import io.scalecrm.client.ScaleException;

/**
 * A CRM adapter could not read from (or write back to) its CRM: the CRM was unreachable, throttled
 * the adapter, refused its credentials, or answered something the adapter cannot read.
 *
 * <p>Messages name the CRM and the operation and never carry tokens or secrets.
 */
public final class CrmAdapterException extends ScaleException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming CRM and operation, without secrets
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether the same read may succeed later (throttling, a network fault)
   */
  public CrmAdapterException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
