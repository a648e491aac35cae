package io.scalecrm.crm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a pool so that tasks of one key (one account) run one at a time, in submission
 * order, while tasks of different keys run in parallel. Submission blocks while {@code maxQueued}
 * tasks are queued or running, which bounds memory however long the stream is. Tasks must not
 * throw; a task that does is logged (it is a bug) and its key goes on.
 */
final class KeyedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedExecutor.class);

  private final ExecutorService pool;
  private final Semaphore slots;
  private final int maxQueued;
  private final Map<String, Deque<Runnable>> waiting = new HashMap<>();

  KeyedExecutor(ExecutorService pool, int maxQueued) {
    this.pool = pool;
    this.maxQueued = maxQueued;
    this.slots = new Semaphore(maxQueued);
  }

  void submit(String key, Runnable task) throws InterruptedException {
    slots.acquire();
    synchronized (waiting) {
      Deque<Runnable> queue = waiting.get(key);
      if (queue != null) {
        queue.add(task);
        return;
      }
      waiting.put(key, new ArrayDeque<>());
    }
    pool.execute(() -> drain(key, task));
  }

  private void drain(String key, Runnable first) {
    Runnable next = first;
    while (next != null) {
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        LOG.error("A sync task for {} failed unexpectedly", key, e);
      } finally {
        slots.release();
      }
      synchronized (waiting) {
        Deque<Runnable> queue = waiting.get(key);
        next = queue == null ? null : queue.poll();
        if (next == null) {
          waiting.remove(key);
        }
      }
    }
  }

  /** Waits until every submitted task has run. */
  void awaitIdle() throws InterruptedException {
    slots.acquire(maxQueued);
    slots.release(maxQueued);
  }
}
