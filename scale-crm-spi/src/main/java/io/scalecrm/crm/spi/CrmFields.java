package io.scalecrm.crm.spi;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation shared by the canonical records. Values are never echoed in messages. */
final class CrmFields {
  static final int MAX_ID = 255;
  static final int MAX_NAME = 255;
  static final int MAX_EMAIL = 320;
  static final int MAX_TEXT = 4000;

  // Pragmatic address check: one @, no spaces, a dot in the domain. Full RFC 5322 is not the goal.
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$", Pattern.UNICODE_CHARACTER_CLASS);

  private CrmFields() {}

  static InvalidCrmRecordException invalid(
      CrmRecordType type, @Nullable String id, String field, String reason) {
    return new InvalidCrmRecordException(
        type, id == null || id.isBlank() ? "?" : id, field, reason);
  }

  /** A required single-line text: present, not blank, bounded, no control characters. */
  static String required(
      CrmRecordType type, @Nullable String id, String field, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      throw invalid(type, id, field, "is missing");
    }
    return checked(type, id, field, value.strip(), max, false);
  }

  /** An optional text: null or blank becomes null; otherwise bounded, no control characters. */
  static @Nullable String optional(
      CrmRecordType type,
      @Nullable String id,
      String field,
      @Nullable String value,
      int max,
      boolean multiLine) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return checked(type, id, field, value.strip(), max, multiLine);
  }

  static @Nullable String email(
      CrmRecordType type, @Nullable String id, String field, @Nullable String value) {
    String email = optional(type, id, field, value, MAX_EMAIL, false);
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw invalid(type, id, field, "is not a valid email address");
    }
    return email;
  }

  private static String checked(
      CrmRecordType type,
      @Nullable String id,
      String field,
      String value,
      int max,
      boolean multiLine) {
    if (value.length() > max) {
      throw invalid(
          type, id, field, "is too long (" + value.length() + " characters, at most " + max + ")");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowedBreak = multiLine && (c == '\n' || c == '\r' || c == '\t');
      if (Character.isISOControl(c) && !allowedBreak) {
        throw invalid(
            type,
            id,
            field,
            "contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
    return value;
  }
}
