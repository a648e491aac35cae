package io.scalecrm.examples.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A sorted sequence of items that the adapter reads from many times: held in memory when small,
 * otherwise in a temporary file of which only every {@link #SAMPLE_EVERY}-th item's key and offset
 * stay in memory. Finding a position costs a binary search of those samples and reading at most
 * {@code SAMPLE_EVERY} items; reading on from where the last read stopped costs nothing extra, so
 * paging through the whole sequence is linear.
 *
 * @param <T> the item type
 * @param <K> the sort key, one per item; items are in ascending key order
 */
final class CsvSpool<T, K> implements AutoCloseable {
  /** One key and offset are kept in memory per this many items of a spool on disk. */
  static final int SAMPLE_EVERY = 128;

  private static final int BUFFER = 1 << 14;

  private final CsvCodec<T> codec;
  private final Function<T, K> key;
  private final int size;
  private final @Nullable List<T> items;
  private final @Nullable Path file;
  private final List<K> sampleKeys;
  private final long[] sampleOffsets;
  private final CsvTempFiles temp;
  private @Nullable FileChannel channel;
  private @Nullable Reader cached;

  private CsvSpool(
      CsvCodec<T> codec,
      Function<T, K> key,
      int size,
      @Nullable List<T> items,
      @Nullable Path file,
      List<K> sampleKeys,
      long[] sampleOffsets,
      CsvTempFiles temp) {
    this.codec = codec;
    this.key = key;
    this.size = size;
    this.items = items;
    this.file = file;
    this.sampleKeys = sampleKeys;
    this.sampleOffsets = sampleOffsets;
    this.temp = temp;
  }

  /** A spool with no items. */
  static <T, K> CsvSpool<T, K> empty(CsvCodec<T> codec, Function<T, K> key, CsvTempFiles temp) {
    return new CsvSpool<>(codec, key, 0, List.of(), null, List.of(), new long[0], temp);
  }

  /** Collects items, given in ascending key order. */
  static <T, K> Builder<T, K> builder(
      CsvCodec<T> codec, Function<T, K> key, CsvTempFiles temp, long memoryBudget) {
    return new Builder<>(codec, key, temp, memoryBudget);
  }

  /** The number of items. */
  int size() {
    return size;
  }

  /** Whether the items are on disk. */
  boolean onDisk() {
    return file != null;
  }

  /** The number of items or samples held in memory (a structural bound on the spool's heap). */
  int heldInMemory() {
    return items != null ? items.size() : sampleKeys.size();
  }

  /**
   * The position of the first item whose key satisfies {@code reached}, which must be false for
   * some first keys and true for all after them; {@link #size()} when none does.
   */
  synchronized int first(Predicate<? super K> reached) {
    List<T> all = items;
    if (all != null) {
      int lo = 0;
      int hi = all.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (reached.test(key.apply(all.get(mid)))) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
    // the last sample not reached yet; the answer lies after it, within SAMPLE_EVERY items
    int lo = 0;
    int hi = sampleKeys.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (reached.test(sampleKeys.get(mid))) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo == 0) {
      return 0;
    }
    Reader reader = reader((lo - 1) * SAMPLE_EVERY);
    while (reader.hasNext() && !reached.test(key.apply(reader.peek()))) {
      reader.next();
    }
    return reader.position();
  }

  /**
   * The item with this key, when there is one (the first of several). {@code K} must be comparable.
   */
  @SuppressWarnings("unchecked")
  synchronized @Nullable T find(K wanted) {
    Comparable<? super K> target = (Comparable<? super K>) wanted;
    int at = first(k -> target.compareTo(k) <= 0);
    if (at >= size) {
      return null;
    }
    T item = reader(at).peek();
    return wanted.equals(key.apply(item)) ? item : null;
  }

  /**
   * A reader positioned at {@code position}: the one the last call returned when it stopped there
   * (so reading on costs nothing), else a new one. Only one reader is valid at a time.
   */
  synchronized Reader reader(int position) {
    if (position < 0 || position > size) {
      throw new IndexOutOfBoundsException(position);
    }
    Reader r = cached;
    if (r != null && r.position == position) {
      return r;
    }
    if (r != null) {
      r.close();
    }
    r = new Reader(position);
    cached = r;
    return r;
  }

  @Override
  public synchronized void close() {
    if (cached != null) {
      cached.close();
      cached = null;
    }
    FileChannel c = channel;
    channel = null;
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // read-only
      }
    }
    if (file != null) {
      CsvTempFiles.delete(file);
    }
  }

  private FileChannel channel() throws IOException {
    FileChannel c = channel;
    if (c == null) {
      c = FileChannel.open(Objects.requireNonNull(file), StandardOpenOption.READ);
      channel = c;
    }
    return c;
  }

  /** Reads items in order from a position. */
  final class Reader {
    private int position;
    private final @Nullable DataInputStream in;
    private @Nullable T next;

    private Reader(int position) {
      List<T> all = items;
      if (all != null) {
        this.in = null;
        this.position = position;
        return;
      }
      int sample = position / SAMPLE_EVERY;
      try {
        FileChannel c = channel();
        c.position(sampleOffsets[sample]);
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c), BUFFER));
        this.position = sample * SAMPLE_EVERY;
        while (this.position < position) {
          next();
        }
      } catch (IOException e) {
        throw temp.failure("read the sorted export", e);
      }
    }

    /** The position of the next item. */
    int position() {
      return position;
    }

    boolean hasNext() {
      return position < size;
    }

    /** The next item, without moving on. */
    T peek() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      List<T> all = items;
      if (all != null) {
        return all.get(position);
      }
      T n = next;
      if (n == null) {
        try {
          n = codec.read(Objects.requireNonNull(in));
        } catch (IOException e) {
          throw temp.failure("read the sorted export", e);
        }
        next = n;
      }
      return n;
    }

    T next() {
      T item = peek();
      next = null;
      position++;
      return item;
    }

    private void close() {
      // the stream wraps the shared channel, which stays open; drop the buffer only
      position = -1;
    }
  }

  /** Collects a spool's items in order: in memory up to a budget, then in a temporary file. */
  static final class Builder<T, K> {
    private final CsvCodec<T> codec;
    private final Function<T, K> key;
    private final CsvTempFiles temp;
    private final long budget;
    private @Nullable List<T> items = new ArrayList<>();
    private long weight;
    private int size;
    private @Nullable Path file;
    private @Nullable CountingStream counter;
    private @Nullable DataOutputStream out;
    private final List<K> sampleKeys = new ArrayList<>();
    private long[] sampleOffsets = new long[16];

    private Builder(CsvCodec<T> codec, Function<T, K> key, CsvTempFiles temp, long budget) {
      this.codec = codec;
      this.key = key;
      this.temp = temp;
      this.budget = budget;
    }

    void add(T item) {
      List<T> memory = items;
      if (memory != null) {
        memory.add(item);
        size++;
        weight += codec.weight(item) + 8;
        if (weight > budget) {
          items = null;
          Path f = temp.newFile("spool-");
          file = f;
          try {
            CountingStream c =
                new CountingStream(new BufferedOutputStream(Files.newOutputStream(f), BUFFER));
            counter = c;
            out = new DataOutputStream(c);
            size = 0;
            for (T t : memory) {
              write(t);
            }
          } catch (IOException e) {
            throw temp.failure("write the sorted export", e);
          }
        }
        return;
      }
      try {
        write(item);
      } catch (IOException e) {
        throw temp.failure("write the sorted export", e);
      }
    }

    private void write(T item) throws IOException {
      if (size % SAMPLE_EVERY == 0) {
        DataOutputStream o = Objects.requireNonNull(out);
        o.flush();
        int sample = sampleKeys.size();
        if (sample == sampleOffsets.length) {
          sampleOffsets = Arrays.copyOf(sampleOffsets, sample * 2);
        }
        sampleOffsets[sample] = Objects.requireNonNull(counter).count;
        sampleKeys.add(key.apply(item));
      }
      codec.write(Objects.requireNonNull(out), item);
      size++;
    }

    CsvSpool<T, K> build() {
      List<T> memory = items;
      if (memory != null) {
        return new CsvSpool<>(codec, key, size, memory, null, List.of(), new long[0], temp);
      }
      try {
        Objects.requireNonNull(out).close();
      } catch (IOException e) {
        throw temp.failure("write the sorted export", e);
      }
      return new CsvSpool<>(
          codec,
          key,
          size,
          null,
          file,
          List.copyOf(sampleKeys),
          Arrays.copyOf(sampleOffsets, sampleKeys.size()),
          temp);
    }
  }

  /** Counts the bytes written through it, to record the offsets of the samples. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
