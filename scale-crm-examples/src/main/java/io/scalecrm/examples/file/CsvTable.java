package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CSV file read into memory: RFC 4180 quoting, UTF-8 with an optional byte order mark, a header
 * row naming the columns (matched case-insensitively), blank rows skipped.
 *
 * <p>Row numbers count the header as row 1, as spreadsheets do; a quoted value spanning several
 * lines still counts as one row.
 */
final class CsvTable {
  private static final Logger LOG = LoggerFactory.getLogger(CsvTable.class);

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreHeaderCase(true)
          .setIgnoreSurroundingSpaces(true)
          .setIgnoreEmptyLines(false)
          .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
          .get();

  private final String fileName;
  private final List<String> columns;
  private final List<Row> rows;

  private CsvTable(String fileName, List<String> columns, List<Row> rows) {
    this.fileName = fileName;
    this.columns = List.copyOf(columns);
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads a whole file and checks its header.
   *
   * @param file the file
   * @param required the columns that must be present
   * @param optional further known columns
   * @param openPrefix a prefix of further known columns (such as {@code "other_id."}), or null
   * @throws CrmAdapterException (not retryable) when the file cannot be read, is not UTF-8, is not
   *     CSV, or lacks a required column
   */
  static CsvTable read(
      Path file, List<String> required, Set<String> optional, @Nullable String openPrefix) {
    String name = String.valueOf(file.getFileName());
    List<String> columns;
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      try (CSVParser parser = FORMAT.parse(reader)) {
        columns = new ArrayList<>();
        for (String header : parser.getHeaderNames()) {
          columns.add(header.strip().toLowerCase(Locale.ROOT));
        }
        for (CSVRecord record : parser) {
          Row row = new Row(name, record.getRecordNumber() + 1, record, columns.size());
          if (!row.blank()) {
            rows.add(row);
          }
        }
      }
    } catch (NoSuchFileException e) {
      throw new CrmAdapterException("The file " + file + " does not exist", e, false);
    } catch (IOException e) {
      throw unreadable(name, e);
    } catch (UncheckedIOException e) {
      throw unreadable(name, e.getCause());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // commons-csv reports malformed CSV (an unclosed quote, a duplicate header) this way
      throw new CrmAdapterException("Cannot read " + name + " as CSV: " + e.getMessage(), e, false);
    }
    List<String> missing = new ArrayList<>();
    for (String column : required) {
      if (!columns.contains(column)) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new CrmAdapterException(
          name
              + " lacks the column(s) "
              + String.join(", ", missing)
              + " (its header row is: "
              + String.join(",", columns)
              + ")",
          new IllegalArgumentException("missing columns " + missing),
          false);
    }
    for (String column : columns) {
      boolean known =
          required.contains(column)
              || optional.contains(column)
              || (openPrefix != null && column.startsWith(openPrefix));
      if (!known) {
        LOG.warn("{}: ignoring the unknown column '{}'", name, column);
      }
    }
    return new CsvTable(name, columns, rows);
  }

  private static CrmAdapterException unreadable(String name, IOException e) {
    if (e instanceof CharacterCodingException) {
      return new CrmAdapterException(name + " is not UTF-8 text", e, false);
    }
    if (e instanceof CSVException) {
      return new CrmAdapterException(
          "Cannot read " + name + " as CSV: " + e.getMessage(), e, false);
    }
    return new CrmAdapterException("Cannot read " + name + ": " + e.getMessage(), e, false);
  }

  /** The file name, as shown in messages. */
  String fileName() {
    return fileName;
  }

  /** The column names, lower case, in file order. */
  List<String> columns() {
    return columns;
  }

  /** The non-blank rows, in file order. */
  List<Row> rows() {
    return rows;
  }

  /** One data row of a {@link CsvTable}. */
  static final class Row {
    private final String fileName;
    private final long number;
    private final CSVRecord record;
    private final int headerSize;

    Row(String fileName, long number, CSVRecord record, int headerSize) {
      this.fileName = fileName;
      this.number = number;
      this.record = record;
      this.headerSize = headerSize;
    }

    /** The row number, counting the header as row 1. */
    long number() {
      return number;
    }

    /** Where the row is, for messages: {@code accounts.csv row 17}. */
    String where() {
      return fileName + " row " + number;
    }

    /** Whether the row has more values than the header has columns (usually a quoting mistake). */
    boolean tooManyValues() {
      return record.size() > headerSize;
    }

    /** The number of values in the row. */
    int size() {
      return record.size();
    }

    /**
     * A value, stripped; {@code null} when blank or when the row or file lacks the column.
     *
     * @param column the column name, lower case
     */
    @Nullable String get(String column) {
      if (!record.isMapped(column) || !record.isSet(column)) {
        return null;
      }
      String value = record.get(column);
      return value == null || value.isBlank() ? null : value.strip();
    }

    boolean blank() {
      for (String value : record) {
        if (value != null && !value.isBlank()) {
          return false;
        }
      }
      return true;
    }
  }
}
