package io.scalecrm.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The requests a {@link ScaleSandbox} has received, in the order their answers were decided.
 * Thread-safe.
 */
public final class CallJournal {

  private final List<JournalEntry> entries = new ArrayList<>();

  CallJournal() {}

  synchronized void record(JournalEntry entry) {
    entries.add(entry);
  }

  /**
   * All entries since the start or the last {@link #reset()}.
   *
   * @return a copy of the entries
   */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The entries of one operation.
   *
   * @param operationId the spec's operationId
   * @return a copy of the matching entries
   */
  public synchronized List<JournalEntry> entries(String operationId) {
    return entries.stream()
        .filter(e -> e.operationId().equals(operationId))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * How many requests of one operation were received, whatever their answer.
   *
   * @param operationId the spec's operationId
   * @return the count
   */
  public synchronized int count(String operationId) {
    int n = 0;
    for (JournalEntry e : entries) {
      if (e.operationId().equals(operationId)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The number of requests per operationId.
   *
   * @return a sorted copy of the counts
   */
  public synchronized Map<String, Integer> counts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (JournalEntry e : entries) {
      counts.merge(e.operationId(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * How many write requests (every method but GET) were received, whatever their answer: the number
   * a replayed sync must leave unchanged.
   *
   * @return the count
   */
  public synchronized int writes() {
    int n = 0;
    for (JournalEntry e : entries) {
      if (!"GET".equals(e.method())) {
        n++;
      }
    }
    return n;
  }

  /** Forgets every entry. */
  public synchronized void reset() {
    entries.clear();
  }
}
