package io.scalecrm.examples.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/** Parses HubSpot property values, which are all strings. */
final class HubSpotValues {

  /** Orders HubSpot ids (decimal numbers) numerically; other strings after, by text. */
  static final Comparator<String> NUMERIC_ID_ORDER =
      Comparator.comparing((String id) -> !isDigits(id))
          .thenComparingInt(String::length)
          .thenComparing(Comparator.naturalOrder());

  private HubSpotValues() {}

  /**
   * A date or date-time value: epoch milliseconds, an ISO-8601 instant or offset date-time, a local
   * date-time (read as UTC) or a date (midnight UTC).
   *
   * @throws IllegalArgumentException when the value is none of these
   */
  static Instant instant(String value) {
    String v = value.strip();
    if (isDigits(v) || (v.startsWith("-") && isDigits(v.substring(1)))) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a date", e);
      }
    }
    try {
      if (v.indexOf('T') < 0) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (v.endsWith("Z") || v.lastIndexOf('+') > 10 || v.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(v).toInstant();
      }
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a date", e);
    }
  }

  /**
   * A whole, positive-or-not quantity such as {@code 3} or {@code 3.0}.
   *
   * @throws IllegalArgumentException when the value is not a whole number that fits an int
   */
  static int wholeNumber(String value) {
    try {
      BigDecimal d = new BigDecimal(value.strip());
      return d.stripTrailingZeros().intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
