package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;

/**
 * A custom key function gave two different CRM records the same Scale key: a bug in the mapping,
 * never the record's data, so the record stays pending until the function is fixed.
 */
final class KeyCollisionException extends ScaleException {
  private static final long serialVersionUID = 1L;

  KeyCollisionException(String message) {
    super(message, null, false);
  }
}
