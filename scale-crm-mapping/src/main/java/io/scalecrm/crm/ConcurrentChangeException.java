package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;

/**
 * An entity changed under a sync while it was working on it (it vanished between a read and a
 * write): an {@link FailureKind#ENVIRONMENT} failure, so the record stays pending and the next run
 * sees the new state.
 */
final class ConcurrentChangeException extends ScaleException {
  private static final long serialVersionUID = 1L;

  ConcurrentChangeException(String message) {
    super(message, null, true);
  }
}
