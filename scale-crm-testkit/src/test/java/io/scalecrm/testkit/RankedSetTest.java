package io.scalecrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RankedSetTest {

  @Test
  void agreesWithASortedReferenceUnderRandomAddsAndRemoves() {
    SplittableRandom random = new SplittableRandom(7);
    RankedSet<Integer> set = new RankedSet<>(Comparator.naturalOrder());
    TreeSet<Integer> reference = new TreeSet<>();
    for (int step = 0; step < 20_000; step++) {
      int value = random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        assertThat(set.remove(value)).isEqualTo(reference.remove(value));
      } else if (reference.add(value)) {
        set.add(value);
      }
      if (step % 997 == 0) {
        List<Integer> expected = new ArrayList<>(reference);
        assertThat(set.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(set.get(i)).isEqualTo(expected.get(i));
        }
        assertThat(set.rank(2_500)).isEqualTo(reference.headSet(2_500).size());
      }
    }
  }

  @Test
  void rejectsAnIndexOutsideTheSet() {
    RankedSet<String> set = new RankedSet<>(Comparator.naturalOrder());
    set.add("b");
    set.add("a");
    assertThat(set.get(0)).isEqualTo("a");
    assertThat(set.remove("c")).isFalse();
    assertThatThrownBy(() -> set.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    set.clear();
    assertThat(set.size()).isZero();
  }
}
