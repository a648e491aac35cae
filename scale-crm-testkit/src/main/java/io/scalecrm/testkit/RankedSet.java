package io.scalecrm.testkit;

import java.util.Comparator;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A sorted set that also answers "the k-th element" in O(log n): a treap (a binary search tree
 * balanced by random priorities) whose nodes count their subtree. The sandbox pages its largest
 * lists with it, so that a page at any offset costs O(log n + page size) instead of a sort of
 * everything. Elements must not change their sort key while in the set. Not thread-safe.
 *
 * @param <T> the element type
 */
final class RankedSet<T> {

  private static final class Node<T> {
    final T value;
    final int priority;
    int size = 1;
    @Nullable Node<T> left;
    @Nullable Node<T> right;

    Node(T value, int priority) {
      this.value = value;
      this.priority = priority;
    }
  }

  /** The two halves of a split. */
  private static final class Halves<T> {
    @Nullable Node<T> left;
    @Nullable Node<T> right;
  }

  private final Comparator<? super T> order;
  // a fixed seed: the shape (and so the cost) of the tree is the same in every run
  private final SplittableRandom random = new SplittableRandom(0x5ca1eL);
  private @Nullable Node<T> root;

  RankedSet(Comparator<? super T> order) {
    this.order = order;
  }

  int size() {
    return size(root);
  }

  void clear() {
    root = null;
  }

  /** Adds an element that is not in the set (no element compares equal to it). */
  void add(T value) {
    int rank = rank(value);
    Halves<T> h = splitAt(root, rank);
    root = merge(merge(h.left, new Node<>(value, random.nextInt())), h.right);
  }

  /**
   * Removes the element that compares equal to {@code value}.
   *
   * @return whether there was one
   */
  boolean remove(T value) {
    int rank = rank(value);
    Halves<T> h = splitAt(root, rank);
    Halves<T> m = splitAt(h.right, 1);
    if (m.left != null && order.compare(m.left.value, value) == 0) {
      root = merge(h.left, m.right);
      return true;
    }
    root = merge(h.left, merge(m.left, m.right));
    return false;
  }

  /** The element at position {@code index} in ascending order (0-based). */
  T get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size());
    }
    Node<T> n = root;
    int k = index;
    while (true) {
      int leftSize = size(n.left);
      if (k < leftSize) {
        n = n.left;
      } else if (k == leftSize) {
        return n.value;
      } else {
        k -= leftSize + 1;
        n = n.right;
      }
    }
  }

  /** How many elements sort before {@code value}. */
  int rank(T value) {
    int rank = 0;
    Node<T> n = root;
    while (n != null) {
      if (order.compare(n.value, value) < 0) {
        rank += size(n.left) + 1;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return rank;
  }

  private static int size(@Nullable Node<?> n) {
    return n == null ? 0 : n.size;
  }

  private static void update(Node<?> n) {
    n.size = 1 + size(n.left) + size(n.right);
  }

  /** Splits into the first {@code k} elements and the rest. */
  private Halves<T> splitAt(@Nullable Node<T> n, int k) {
    Halves<T> h = new Halves<>();
    if (n == null) {
      return h;
    }
    int leftSize = size(n.left);
    if (k <= leftSize) {
      Halves<T> sub = splitAt(n.left, k);
      n.left = sub.right;
      update(n);
      h.left = sub.left;
      h.right = n;
    } else {
      Halves<T> sub = splitAt(n.right, k - leftSize - 1);
      n.right = sub.left;
      update(n);
      h.left = n;
      h.right = sub.right;
    }
    return h;
  }

  /** Joins two trees whose elements are all in order (every element of a before any of b). */
  private @Nullable Node<T> merge(@Nullable Node<T> a, @Nullable Node<T> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      update(a);
      return a;
    }
    b.left = merge(a, b.left);
    update(b);
    return b;
  }
}
