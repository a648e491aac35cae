package io.scalecrm.examples.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes CSV files for the CSV adapter's tests and the lifecycle sample. */
final class CsvTestFiles {
  private CsvTestFiles() {}

  /** Writes a CSV file with RFC 4180 quoting. */
  static void print(Path file, List<String> header, List<List<String>> rows) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(line(header));
      for (List<String> row : rows) {
        out.write(line(row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CSV line: values holding a comma, quote, line break or edge space are quoted. */
  static String line(List<String> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (i > 0) {
        line.append(',');
      }
      if (value.matches("(?s).*[,\"\r\n].*") || !value.equals(value.strip())) {
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        line.append(value);
      }
    }
    return line.append('\n').toString();
  }
}
