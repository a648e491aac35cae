package io.scalecrm.examples.file;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Writes items of one kind to the temporary files of {@link CsvSorter} and {@link CsvSpool}, reads
 * them back, and estimates their heap size, which bounds how many are held in memory at once.
 *
 * @param <T> the item type
 */
interface CsvCodec<T> {

  /** Writes one item. */
  void write(DataOutput out, T item) throws IOException;

  /** Reads one item written by {@link #write}. */
  T read(DataInput in) throws IOException;

  /** About how many bytes of heap the item takes; only compared with a budget. */
  long weight(T item);

  /** Writes a string or null as its UTF-8 length (-1 for null) and bytes; any length. */
  static void writeString(DataOutput out, @Nullable String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a string written by {@link #writeString}. */
  static @Nullable String readString(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Writes an instant as its epoch second and nanosecond. */
  static void writeInstant(DataOutput out, Instant value) throws IOException {
    out.writeLong(value.getEpochSecond());
    out.writeInt(value.getNano());
  }

  /** Reads an instant written by {@link #writeInstant}. */
  static Instant readInstant(DataInput in) throws IOException {
    long seconds = in.readLong();
    int nanos = in.readInt();
    return seconds == 0 && nanos == 0 ? Instant.EPOCH : Instant.ofEpochSecond(seconds, nanos);
  }

  /** The estimated heap size of a string (object, array header and Latin-1 or UTF-16 chars). */
  static long weight(@Nullable String value) {
    return value == null ? 0 : 48 + 2L * value.length();
  }
}
