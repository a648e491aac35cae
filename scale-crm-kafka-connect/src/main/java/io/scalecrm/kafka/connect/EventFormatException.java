package io.scalecrm.kafka.connect;

import org.jspecify.annotations.Nullable;

/**
 * An event that is not a recognisable CRM change event at all: not JSON, not an object, or without
 * a valid {@code type}. Always the event's own data: it goes to the dead-letter queue.
 */
final class EventFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;
  private final String reason;

  /**
   * @param field the field at fault, or {@code null} when the whole value is
   * @param reason what is wrong, without the value
   */
  EventFormatException(@Nullable String field, String reason) {
    super((field == null ? "the event " : "field '" + field + "' ") + reason, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  @Nullable String field() {
    return field;
  }

  String reason() {
    return reason;
  }
}
