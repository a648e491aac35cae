package io.scalecrm.examples.hubspot;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads settings from environment variables and collects every problem, so that one message can
 * name them all: one problem per line, each naming its variable, never quoting a value (a value may
 * be a secret set in the wrong variable).
 */
final class Env {
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  Env(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** The trimmed value, or {@code null} when unset or blank. */
  @Nullable String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  boolean has(String name) {
    return get(name) != null;
  }

  void problem(String line) {
    problems.add(line);
  }

  /** Applies a set variable; when applying fails, records {@code name + " " + rule}. */
  void apply(String name, String rule, Consumer<String> setter) {
    String value = get(name);
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(name + " " + rule);
    }
  }

  /** Runs a setter that combines several variables; when it fails, records {@code name + rule}. */
  void check(String name, String rule, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(name + " " + rule);
    }
  }

  /** Like {@link #apply}, but records that the variable is not set when it is missing. */
  void require(String name, String what, String rule, Consumer<String> setter) {
    if (get(name) == null) {
      problems.add(name + " is not set: " + what);
      return;
    }
    apply(name, rule, setter);
  }

  /** A comma-separated list; {@code none} (any case) is the empty list. */
  static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value.strip().equalsIgnoreCase("none")) {
      return out;
    }
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty list");
    }
    return out;
  }

  static Duration duration(String value) {
    try {
      Duration d = Duration.parse(value.toUpperCase(Locale.ROOT));
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration", e);
    }
  }

  static int wholeNumber(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
  }

  static URI uri(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a URL", e);
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute URL");
    }
    return uri;
  }

  /** Throws when any problem was recorded. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }
}
