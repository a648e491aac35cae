package io.scalecrm.examples.file;

import io.scalecrm.crm.spi.CrmAdapterException;
import java.io.BufferedReader;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The columns of one CSV file, whose rows are streamed ({@link #open}) rather than held: RFC 4180
 * quoting, UTF-8 with an optional byte order mark, a header row naming the columns (matched
 * case-insensitively), blank rows skipped.
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
  private final Map<String, Integer> index = new HashMap<>();
  private final int headerSize;

  /** For each known column, its position in the file's records. */
  private final int[] positions;

  private final CsvCodec<Row> codec = new RowCodec();

  /**
   * A table with these known columns.
   *
   * @param fileName the file name shown in messages
   * @param columns the known columns the rows keep values of, lower case
   * @param headerSize the number of columns in the file's header, known or not
   */
  CsvTable(String fileName, List<String> columns, int headerSize, int[] positions) {
    this.fileName = fileName;
    this.columns = List.copyOf(columns);
    this.headerSize = headerSize;
    this.positions = positions.clone();
    for (int i = 0; i < this.columns.size(); i++) {
      index.put(this.columns.get(i), i);
    }
  }

  /** A table of no file and no columns. */
  static CsvTable none() {
    return new CsvTable("none", List.of(), 0, new int[0]);
  }

  /**
   * Opens a file and checks its header; the rows are read by {@link Rows#forEach}.
   *
   * @param file the file
   * @param required the columns that must be present
   * @param optional further known columns
   * @param openPrefix a prefix of further known columns (such as {@code "other_id."}), or null
   * @throws CrmAdapterException (not retryable) when the file cannot be read, is not UTF-8, is not
   *     CSV, or lacks a required column
   */
  static Rows open(
      Path file, List<String> required, Set<String> optional, @Nullable String openPrefix) {
    String name = String.valueOf(file.getFileName());
    BufferedReader reader = null;
    CSVParser parser = null;
    try {
      reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      parser = FORMAT.parse(reader);
      List<String> header = new ArrayList<>();
      for (String column : parser.getHeaderNames()) {
        header.add(column.strip().toLowerCase(Locale.ROOT));
      }
      checkHeader(name, header, required, optional, openPrefix);
      List<String> known = new ArrayList<>();
      int[] positions = new int[header.size()];
      for (int i = 0; i < header.size(); i++) {
        String column = header.get(i);
        if (required.contains(column)
            || optional.contains(column)
            || (openPrefix != null && column.startsWith(openPrefix))) {
          positions[known.size()] = i;
          known.add(column);
        }
      }
      return new Rows(
          new CsvTable(name, known, header.size(), Arrays.copyOf(positions, known.size())), parser);
    } catch (NoSuchFileException e) {
      close(parser, reader);
      throw new CrmAdapterException("The file " + file + " does not exist", e, false);
    } catch (IOException e) {
      close(parser, reader);
      throw unreadable(name, e);
    } catch (UncheckedIOException e) {
      close(parser, reader);
      throw unreadable(name, e.getCause());
    } catch (IllegalArgumentException | IllegalStateException e) {
      close(parser, reader);
      // commons-csv reports malformed CSV (an unclosed quote, a duplicate header) this way
      throw new CrmAdapterException("Cannot read " + name + " as CSV: " + e.getMessage(), e, false);
    } catch (RuntimeException e) {
      close(parser, reader);
      throw e;
    }
  }

  private static void checkHeader(
      String name,
      List<String> columns,
      List<String> required,
      Set<String> optional,
      @Nullable String openPrefix) {
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
  }

  private static void close(@Nullable AutoCloseable parser, @Nullable AutoCloseable reader) {
    for (AutoCloseable c : new AutoCloseable[] {parser, reader}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing
        }
      }
    }
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

  /** The known column names of the file, lower case, in file order. */
  List<String> columns() {
    return columns;
  }

  /** Writes and reads this table's rows in temporary files. */
  CsvCodec<Row> codec() {
    return codec;
  }

  /** Orders rows by a column's value (absent first), then by row number. */
  Comparator<Row> byColumn(String column) {
    Integer at = index.get(column);
    int i = at == null ? -1 : at;
    return (a, b) -> {
      int c = compareNullsFirst(a.value(i), b.value(i));
      return c != 0 ? c : Long.compare(a.number, b.number);
    };
  }

  /** Orders rows by {@link Row#time()}, then by an id column's value (absent first), then row. */
  Comparator<Row> byTimeThen(String column) {
    Integer at = index.get(column);
    int i = at == null ? -1 : at;
    return (a, b) -> {
      int c = a.time.compareTo(b.time);
      if (c == 0) {
        c = compareNullsFirst(a.value(i), b.value(i));
      }
      return c != 0 ? c : Long.compare(a.number, b.number);
    };
  }

  private static int compareNullsFirst(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  /** The rows of an open file. */
  static final class Rows implements AutoCloseable {
    private final CsvTable table;
    private final CSVParser parser;

    private Rows(CsvTable table, CSVParser parser) {
      this.table = table;
      this.parser = parser;
    }

    /** The file's known columns. */
    CsvTable table() {
      return table;
    }

    /**
     * Reads the non-blank rows, in file order, handing each to {@code sink}.
     *
     * @throws CrmAdapterException (not retryable) when the file turns out not to be UTF-8 or CSV
     */
    void forEach(Consumer<Row> sink) {
      String name = table.fileName;
      try {
        for (CSVRecord record : parser) {
          Row row = table.row(record);
          if (row != null) {
            sink.accept(row);
          }
        }
      } catch (UncheckedIOException e) {
        throw unreadable(name, e.getCause());
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new CrmAdapterException(
            "Cannot read " + name + " as CSV: " + e.getMessage(), e, false);
      }
    }

    @Override
    public void close() {
      try {
        parser.close();
      } catch (IOException e) {
        LOG.debug("Cannot close {}", table.fileName, e);
      }
    }
  }

  /** The row of a record, or null when every value of the record is blank. */
  private @Nullable Row row(CSVRecord record) {
    boolean blank = true;
    for (String value : record) {
      if (value != null && !value.isBlank()) {
        blank = false;
        break;
      }
    }
    if (blank) {
      return null;
    }
    String[] values = new String[columns.size()];
    int size = record.size();
    for (int i = 0; i < values.length; i++) {
      // a short row lacks the values of its last columns
      String value = positions[i] < size ? record.get(positions[i]) : null;
      values[i] = value == null || value.isBlank() ? null : value.strip();
    }
    return new Row(this, record.getRecordNumber() + 1, record.size(), values, 0, Instant.EPOCH);
  }

  /**
   * One data row of a {@link CsvTable}, with the values of the known columns.
   *
   * <p>Two facts found by sorting the whole file travel with the row: {@link #firstRow()}, the row
   * that already has this row's id, and {@link #time()}, the row's place in change order.
   */
  static final class Row {
    private final CsvTable table;
    private final long number;
    private final int size;
    private final @Nullable String[] values;
    private final long firstRow;
    private final Instant time;

    private Row(
        CsvTable table,
        long number,
        int size,
        @Nullable String[] values,
        long firstRow,
        Instant time) {
      this.table = table;
      this.number = number;
      this.size = size;
      this.values = values;
      this.firstRow = firstRow;
      this.time = time;
    }

    /** The row number, counting the header as row 1. */
    long number() {
      return number;
    }

    /** The known columns of the row's file, lower case, in file order. */
    List<String> columns() {
      return table.columns;
    }

    /** Where the row is, for messages: {@code accounts.csv row 17}. */
    String where() {
      return table.fileName + " row " + number;
    }

    /** Whether the row has more values than the header has columns (usually a quoting mistake). */
    boolean tooManyValues() {
      return size > table.headerSize;
    }

    /** The number of values in the row. */
    int size() {
      return size;
    }

    /**
     * A value, stripped; {@code null} when blank or when the row or file lacks the column.
     *
     * @param column the column name, lower case
     */
    @Nullable String get(String column) {
      Integer at = table.index.get(column);
      return at == null ? null : values[at];
    }

    private @Nullable String value(int i) {
      return i < 0 ? null : values[i];
    }

    /**
     * The earlier row (by row number) that has the same id and so keeps it; 0 when none does, and
     * when the row could not claim an id anyway.
     */
    long firstRow() {
      return firstRow;
    }

    /** A copy that repeats the id of an earlier row. */
    Row withFirstRow(long row) {
      return new Row(table, number, size, values, row, time);
    }

    /** The row's change time: its own {@code modified}, or its order's latest. */
    Instant time() {
      return time;
    }

    /** A copy with a change time. */
    Row withTime(Instant t) {
      return new Row(table, number, size, values, firstRow, t);
    }
  }

  /** Writes a row as its number, size, facts and values; the table is known to the reader. */
  private final class RowCodec implements CsvCodec<Row> {
    @Override
    public void write(DataOutput out, Row row) throws IOException {
      out.writeLong(row.number);
      out.writeInt(row.size);
      out.writeLong(row.firstRow);
      CsvCodec.writeInstant(out, row.time);
      for (String value : row.values) {
        CsvCodec.writeString(out, value);
      }
    }

    @Override
    public Row read(DataInput in) throws IOException {
      long number = in.readLong();
      int size = in.readInt();
      long firstRow = in.readLong();
      Instant time = CsvCodec.readInstant(in);
      String[] values = new String[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = CsvCodec.readString(in);
      }
      return new Row(CsvTable.this, number, size, values, firstRow, time);
    }

    @Override
    public long weight(Row row) {
      long w = 96 + 8L * row.values.length;
      for (String value : row.values) {
        w += CsvCodec.weight(value);
      }
      return w;
    }
  }
}
