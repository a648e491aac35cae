package io.scalecrm.examples.hubspot;

import java.util.Objects;

/** A secret string (the private-app token) that never shows up in {@code toString()} or logs. */
final class Secret {
  private final String value;

  Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The secret itself; only for building the {@code Authorization} header. */
  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
