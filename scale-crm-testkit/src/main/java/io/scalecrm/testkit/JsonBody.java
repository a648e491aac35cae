package io.scalecrm.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A JSON request body, read strictly: every accessor answers 400 ({@link ApiError}) when a field
 * has the wrong type or breaks a length limit. A JSON {@code null} and an empty string count as
 * absent. Unknown fields are ignored.
 */
final class JsonBody {

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** Parses a request body that must be one JSON object. */
  static JsonBody parse(ObjectMapper mapper, byte[] bytes) {
    if (bytes.length == 0) {
      throw ApiError.badRequest("A JSON request body is required");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("The request body is not valid JSON");
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("The request body could not be read");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiError.badRequest("The request body must be a JSON object");
    }
    return new JsonBody((ObjectNode) tree);
  }

  private @Nullable JsonNode field(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** An optional string of at most {@code max} characters; empty counts as absent. */
  @Nullable String string(String name, int max) {
    JsonNode v = field(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest("Field '" + name + "' must be a string");
    }
    String s = v.textValue();
    if (s.length() > max) {
      throw ApiError.badRequest(
          "Field '" + name + "' is too long (" + s.length() + " characters, at most " + max + ")");
    }
    return s.isEmpty() ? null : s;
  }

  /** A required, non-empty string of at most {@code max} characters. */
  String requiredString(String name, int max) {
    String s = string(name, max);
    if (s == null) {
      throw ApiError.badRequest("Field '" + name + "' is required");
    }
    return s;
  }

  /** An optional value of an enum, given as its name. */
  @Nullable String enumValue(String name, Set<String> allowed) {
    String s = string(name, 64);
    if (s != null && !allowed.contains(s)) {
      throw ApiError.badRequest(
          "Field '" + name + "' must be one of " + new java.util.TreeSet<>(allowed));
    }
    return s;
  }

  /** An optional 32-bit integer. */
  @Nullable Integer integer(String name) {
    JsonNode v = field(name);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiError.badRequest("Field '" + name + "' must be a 32-bit integer");
    }
    return v.intValue();
  }

  /** An optional boolean. */
  @Nullable Boolean bool(String name) {
    JsonNode v = field(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiError.badRequest("Field '" + name + "' must be true or false");
    }
    return v.booleanValue();
  }

  /** An optional RFC 3339 date-time. */
  @Nullable Instant dateTime(String name) {
    String s = string(name, 64);
    return s == null ? null : parseDateTime(name, s);
  }

  /** An optional UUID. */
  @Nullable UUID uuid(String name) {
    String s = string(name, 64);
    return s == null ? null : parseUuid(name, s);
  }

  /** A required array of {@code min} to {@code max} UUIDs. */
  List<UUID> uuidArray(String name, int min, int max) {
    JsonNode v = field(name);
    if (v == null) {
      throw ApiError.badRequest("Field '" + name + "' is required");
    }
    if (!v.isArray()) {
      throw ApiError.badRequest("Field '" + name + "' must be an array");
    }
    if (v.size() < min || v.size() > max) {
      throw ApiError.badRequest(
          "Field '" + name + "' must have between " + min + " and " + max + " items");
    }
    List<UUID> ids = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw ApiError.badRequest("Field '" + name + "' must contain uuid strings");
      }
      ids.add(parseUuid(name, item.textValue()));
    }
    return ids;
  }

  static UUID parseUuid(String name, String text) {
    if (!UUID_TEXT.matcher(text).matches()) {
      throw ApiError.badRequest("'" + name + "' is not a valid uuid");
    }
    return UUID.fromString(text.toLowerCase(Locale.ROOT));
  }

  static Instant parseDateTime(String name, String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("'" + name + "' is not an RFC 3339 date-time with an offset");
    }
  }
}
