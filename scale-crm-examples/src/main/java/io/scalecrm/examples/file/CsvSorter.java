package io.scalecrm.examples.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Sorts any number of items in bounded memory: items are collected until their estimated size
 * passes a budget, then sorted and written to a temporary run file; {@link #sorted()} merges the
 * runs (at most {@link #FAN_IN} at a time). When everything fits in the budget nothing is written.
 *
 * <p>The order must be total (ties broken by a unique row number), so that the result does not
 * depend on how the items were split into runs.
 *
 * @param <T> the item type
 */
final class CsvSorter<T> {
  /** The most runs merged at once; more are merged in rounds. */
  static final int FAN_IN = 32;

  private static final int BUFFER = 1 << 15;

  private final CsvCodec<T> codec;
  private final Comparator<? super T> order;
  private final CsvTempFiles temp;
  private final long budget;
  private @Nullable List<T> buffer = new ArrayList<>();
  private long weight;
  private final List<Run> runs = new ArrayList<>();
  private long count;

  private record Run(Path file, long count) {}

  CsvSorter(CsvCodec<T> codec, Comparator<? super T> order, CsvTempFiles temp, long budget) {
    this.codec = codec;
    this.order = order;
    this.temp = temp;
    this.budget = budget;
  }

  /** Adds an item; may write a run. */
  void add(T item) {
    List<T> b = buffer();
    b.add(item);
    count++;
    weight += codec.weight(item) + 8;
    if (weight > budget) {
      spill();
    }
  }

  /** How many items were added. */
  long count() {
    return count;
  }

  /** How many runs were written to disk so far. */
  int runs() {
    return runs.size();
  }

  /**
   * All items added, in order; call once, after the last {@link #add}. Closing the iterator deletes
   * the runs.
   */
  CsvIterator<T> sorted() {
    List<T> b = buffer();
    buffer = null;
    if (runs.isEmpty()) {
      b.sort(order);
      return CsvIterator.of(b.iterator());
    }
    if (!b.isEmpty()) {
      writeRun(b);
    }
    while (runs.size() > FAN_IN) {
      List<Run> batch = new ArrayList<>(runs.subList(0, FAN_IN));
      runs.subList(0, FAN_IN).clear();
      long merged = 0;
      Path file = temp.newFile("merge-");
      try (CsvIterator<T> items = merge(batch);
          DataOutputStream out = output(file)) {
        while (items.hasNext()) {
          codec.write(out, items.next());
          merged++;
        }
      } catch (IOException e) {
        throw temp.failure("write a sort run", e);
      }
      runs.add(new Run(file, merged));
    }
    List<Run> last = new ArrayList<>(runs);
    runs.clear();
    return merge(last);
  }

  private List<T> buffer() {
    List<T> b = buffer;
    if (b == null) {
      throw new IllegalStateException("sorted() was called already");
    }
    return b;
  }

  private void spill() {
    writeRun(buffer());
    buffer = new ArrayList<>();
    weight = 0;
  }

  private void writeRun(List<T> items) {
    items.sort(order);
    Path file = temp.newFile("run-");
    try (DataOutputStream out = output(file)) {
      for (T item : items) {
        codec.write(out, item);
      }
    } catch (IOException e) {
      throw temp.failure("write a sort run", e);
    }
    runs.add(new Run(file, items.size()));
  }

  private static DataOutputStream output(Path file) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
  }

  private CsvIterator<T> merge(List<Run> sources) {
    List<Source> open = new ArrayList<>();
    PriorityQueue<Source> heads =
        new PriorityQueue<>(
            Math.max(1, sources.size()),
            (a, b) -> {
              int c = order.compare(a.head(), b.head());
              return c != 0 ? c : Integer.compare(a.index, b.index);
            });
    try {
      for (Run run : sources) {
        Source source = new Source(run, open.size());
        open.add(source);
        if (source.advance()) {
          heads.add(source);
        }
      }
    } catch (IOException e) {
      open.forEach(Source::close);
      throw temp.failure("read a sort run", e);
    }
    return new CsvIterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public T next() {
        Source source = heads.poll();
        if (source == null) {
          throw new NoSuchElementException();
        }
        T item = source.head();
        try {
          if (source.advance()) {
            heads.add(source);
          }
        } catch (IOException e) {
          throw temp.failure("read a sort run", e);
        }
        return item;
      }

      @Override
      public void close() {
        heads.clear();
        open.forEach(Source::close);
      }
    };
  }

  /** One run being merged: its stream and its current (smallest unmerged) item. */
  private final class Source {
    private final Run run;
    private final int index;
    private final DataInputStream in;
    private long left;
    private @Nullable T head;

    Source(Run run, int index) throws IOException {
      this.run = run;
      this.index = index;
      this.left = run.count();
      this.in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file()), BUFFER));
    }

    T head() {
      T h = head;
      if (h == null) {
        throw new NoSuchElementException();
      }
      return h;
    }

    boolean advance() throws IOException {
      if (left == 0) {
        head = null;
        close();
        return false;
      }
      left--;
      head = codec.read(in);
      return true;
    }

    void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // a read-only temporary file; it is deleted next
      }
      CsvTempFiles.delete(run.file());
    }
  }

  /** An iterator over sorted items that releases its files when closed. */
  interface CsvIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();

    static <T> CsvIterator<T> of(Iterator<T> items) {
      return new CsvIterator<>() {
        @Override
        public boolean hasNext() {
          return items.hasNext();
        }

        @Override
        public T next() {
          return items.next();
        }

        @Override
        public void close() {}
      };
    }
  }
}
