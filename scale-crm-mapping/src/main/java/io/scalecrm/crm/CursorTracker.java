package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides how far one stream's checkpoint may move while records finish out of order: the cursor
 * moves to the last record of the longest prefix (in read order) of <em>settled</em> records. A
 * record settles when it synced, failed because of its own data, or failed otherwise and was
 * recorded as pending; a record still in flight (or one whose authentication failed) never settles,
 * so the cursor never passes it. Pending records travel with the cursor, so a checkpoint is a
 * consistent pair of both. Thread-safe.
 */
final class CursorTracker {
  private static final class Entry {
    final String crmId;
    final ChangeCursor cursor;
    boolean settled;

    Entry(String crmId, ChangeCursor cursor) {
      this.crmId = crmId;
      this.cursor = cursor;
    }
  }

  private final Checkpoint loaded;
  private final TreeMap<Long, Entry> open = new TreeMap<>();
  private long nextSeq;
  private @Nullable ChangeCursor settledUpTo;
  private final Map<String, PendingRecord> added = new LinkedHashMap<>();
  private final Set<String> resolved = new HashSet<>();
  private final Set<String> seenPending = new HashSet<>();
  private final Map<String, Integer> unresolvable = new HashMap<>();
  private boolean dirty;

  CursorTracker(Checkpoint loaded) {
    this.loaded = loaded;
  }

  Checkpoint loaded() {
    return loaded;
  }

  /** Whether the record was handled by an earlier run (and is not pending): skip it. */
  boolean handled(String crmId, ChangeCursor cursor) {
    return loaded.handled(crmId, cursor);
  }

  synchronized long begin(String crmId, ChangeCursor cursor) {
    long seq = nextSeq++;
    open.put(seq, new Entry(crmId, cursor));
    if (loaded.pending().containsKey(crmId)) {
      seenPending.add(crmId);
    }
    return seq;
  }

  /** A record read but handled earlier: settled at once. */
  synchronized void skip(String crmId, ChangeCursor cursor) {
    settle(begin(crmId, cursor), null);
  }

  /**
   * The record is finished: done (pending {@code null}) or pending for a reason other than its own
   * data.
   */
  synchronized void settle(long seq, @Nullable PendingRecord pending) {
    Entry e = open.get(seq);
    if (e == null || e.settled) {
      return;
    }
    e.settled = true;
    if (pending != null) {
      added.put(e.crmId, pending);
      resolved.remove(e.crmId);
    } else if (added.remove(e.crmId) != null || loaded.pending().containsKey(e.crmId)) {
      // only ids that were pending need resolving: memory stays bounded on long streams
      resolved.add(e.crmId);
    }
    while (!open.isEmpty() && open.firstEntry().getValue().settled) {
      settledUpTo = open.pollFirstEntry().getValue().cursor;
      dirty = true;
    }
    dirty = true;
  }

  /** A record settled as pending (a planned removal) finished later. */
  synchronized void resolve(String crmId) {
    added.remove(crmId);
    resolved.add(crmId);
    dirty = true;
  }

  /** Keeps a record pending that a later step of this run found it cannot finish. */
  synchronized void keepPending(PendingRecord pending) {
    added.put(pending.crmId(), pending);
    resolved.remove(pending.crmId());
    dirty = true;
  }

  synchronized boolean dirty() {
    return dirty;
  }

  /**
   * The checkpoint to store, given the one stored now (another process may have changed it).
   *
   * @param fullPass whether the read reached the end of the stream: pending records of earlier runs
   *     that it did not meet are no longer in the CRM and are dropped
   */
  synchronized Checkpoint apply(Checkpoint stored, boolean fullPass) {
    dirty = false;
    ChangeCursor cursor = stored.cursor();
    if (settledUpTo != null && (cursor == null || cursor.compareTo(settledUpTo) < 0)) {
      cursor = settledUpTo;
    }
    Map<String, PendingRecord> pending = new LinkedHashMap<>(stored.pending());
    pending.keySet().removeAll(resolved);
    if (fullPass) {
      for (String id : loaded.pending().keySet()) {
        if (!seenPending.contains(id) && !added.containsKey(id)) {
          pending.remove(id);
          unresolvable.merge(id, 1, Integer::sum);
        }
      }
    }
    pending.putAll(added);
    return new Checkpoint(cursor, pending);
  }

  /** Pending records of earlier runs that the full read no longer met (gone from the CRM). */
  synchronized Set<String> dropped() {
    return Set.copyOf(unresolvable.keySet());
  }
}
