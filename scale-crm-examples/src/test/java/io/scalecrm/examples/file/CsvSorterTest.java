package io.scalecrm.examples.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalecrm.examples.file.CsvSorter.CsvIterator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSorterTest {
  @TempDir Path dir;

  /** A key (with many ties) and a unique sequence number that breaks them. */
  record Item(int key, int seq, String text) {}

  static final CsvCodec<Item> CODEC =
      new CsvCodec<>() {
        @Override
        public void write(DataOutput out, Item item) throws IOException {
          out.writeInt(item.key());
          out.writeInt(item.seq());
          CsvCodec.writeString(out, item.text());
        }

        @Override
        public Item read(DataInput in) throws IOException {
          return new Item(in.readInt(), in.readInt(), CsvCodec.readString(in));
        }

        @Override
        public long weight(Item item) {
          return 100;
        }
      };

  static final Comparator<Item> ORDER =
      Comparator.comparingInt(Item::key).thenComparingInt(Item::seq);

  private static List<Item> items(int n) {
    Random random = new Random(n);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(
          new Item(random.nextInt(50), i, i % 7 == 0 ? null : "välue " + "x".repeat(i % 300)));
    }
    return items;
  }

  private List<Item> sort(List<Item> items, long budget, CsvTempFiles temp) {
    CsvSorter<Item> sorter = new CsvSorter<>(CODEC, ORDER, temp, budget);
    items.forEach(sorter::add);
    assertThat(sorter.count()).isEqualTo(items.size());
    List<Item> out = new ArrayList<>();
    try (CsvIterator<Item> sorted = sorter.sorted()) {
      sorted.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void sortsInMemoryWithinTheBudgetWithoutFiles() {
    List<Item> items = items(500);
    try (CsvTempFiles temp = new CsvTempFiles(dir)) {
      assertThat(sort(items, 1_000_000, temp)).isEqualTo(items.stream().sorted(ORDER).toList());
      assertThat(temp.used()).isFalse();
    }
  }

  @Test
  void mergesMoreRunsThanTheFanInInRoundsAndDeletesThem() throws IOException {
    int n = CsvSorter.FAN_IN * 3 * 4 + 5;
    List<Item> items = items(n);
    try (CsvTempFiles temp = new CsvTempFiles(dir)) {
      // 4 items per run: three times the fan-in of runs, so merged in rounds
      assertThat(sort(items, 4 * 108 - 1, temp)).isEqualTo(items.stream().sorted(ORDER).toList());
      assertThat(temp.used()).isTrue();
      try (Stream<Path> sub = Files.list(dir);
          Stream<Path> runs = Files.list(Files.list(dir).findFirst().orElseThrow())) {
        assertThat(sub).hasSize(1);
        assertThat(runs).as("runs are deleted once merged").isEmpty();
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aSpoolFindsAndReadsFromAnyPositionOnDiskAsInMemory() {
    List<Item> items = items(1000).stream().sorted(ORDER).toList();
    try (CsvTempFiles temp = new CsvTempFiles(dir)) {
      CsvSpool.Builder<Item, Integer> memory = CsvSpool.builder(CODEC, Item::key, temp, 1 << 30);
      CsvSpool.Builder<Item, Integer> disk = CsvSpool.builder(CODEC, Item::key, temp, 1000);
      items.forEach(memory::add);
      items.forEach(disk::add);
      try (CsvSpool<Item, Integer> m = memory.build();
          CsvSpool<Item, Integer> d = disk.build()) {
        assertThat(m.onDisk()).isFalse();
        assertThat(d.onDisk()).isTrue();
        assertThat(d.size()).isEqualTo(1000);
        assertThat(d.heldInMemory()).isEqualTo((1000 + CsvSpool.SAMPLE_EVERY - 1) / 128);
        for (int key = -1; key <= 51; key++) {
          int k = key;
          int expected = (int) items.stream().filter(i -> i.key() < k).count();
          assertThat(m.first(x -> x >= k)).isEqualTo(expected);
          assertThat(d.first(x -> x >= k)).as("first key >= %d", k).isEqualTo(expected);
          assertThat(d.find(k)).isEqualTo(m.find(k));
        }
        for (int from : new int[] {999, 0, 128, 127, 513, 1000, 3}) {
          CsvSpool<Item, Integer>.Reader r = d.reader(from);
          List<Item> read = new ArrayList<>();
          while (r.hasNext() && read.size() < 300) {
            read.add(r.next());
          }
          assertThat(read).isEqualTo(items.subList(from, Math.min(1000, from + 300)));
        }
      }
    }
  }
}
