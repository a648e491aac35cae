package io.scalecrm.crm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A small thread-safe least-recently-used map, so per-run caches stay within a memory bound. */
final class Lru<K, V> {
  private final LinkedHashMap<K, V> map;

  Lru(int capacity) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized @Nullable V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized @Nullable V computeIfPresent(K key, Function<V, V> change) {
    V old = map.get(key);
    if (old == null) {
      return null;
    }
    V neu = change.apply(old);
    map.put(key, neu);
    return neu;
  }

  synchronized int size() {
    return map.size();
  }

  /** A capacity that keeps a cache of small entries within about a tenth of the heap. */
  static int capacityFor(int bytesPerEntry) {
    long budget = Runtime.getRuntime().maxMemory() / 10;
    return (int) Math.max(10_000, Math.min(5_000_000, budget / bytesPerEntry));
  }
}
