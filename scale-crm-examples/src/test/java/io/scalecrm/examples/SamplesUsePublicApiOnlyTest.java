package io.scalecrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Samples are what integrators copy, so they use only the SDK's public surface: the facade, the
 * SPI, the connection and the testkit, never the generated client or another module's internals.
 */
class SamplesUsePublicApiOnlyTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "^import (static )?io\\.scalecrm\\.(client\\.(api|model|invoker)|[a-z.]*internal)\\.");

  @Test
  void noSampleImportsGeneratedOrInternalTypes() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertThat(sources).as("sample sources found").hasSizeGreaterThan(20);
    for (Path source : sources) {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        if (FORBIDDEN.matcher(lines.get(i)).find()) {
          violations.add(source + ":" + (i + 1) + " " + lines.get(i));
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
