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
 * order, while tasks of different keys run in parallel. {@link #submit} (the reader's way in)
 * blocks while {@code maxQueued} of its tasks are queued or running, which bounds memory however
 * long the stream is; {@link #submitFollowUp} (a task's way to queue more work) never blocks, so a
 * task that holds a lock can never wait for a slot that only queued tasks could free. Tasks must
 * not throw; a task that does is logged (it is a bug) and its key goes on.
 */
final class KeyedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedExecutor.class);

  private final ExecutorService pool;
  private final Semaphore slots;
  private final Map<String, Deque<Runnable>> waiting = new HashMap<>();
  private int outstanding; // guarded by waiting

  KeyedExecutor(ExecutorService pool, int maxQueued) {
    this.pool = pool;
    this.slots = new Semaphore(maxQueued);
  }

  /** Queues a task from the reading thread; blocks while too many of these are in flight. */
  void submit(String key, Runnable task) throws InterruptedException {
    slots.acquire();
    enqueue(
        key,
        () -> {
          try {
            task.run();
          } finally {
            slots.release();
          }
        });
  }

  /** Queues follow-up work from inside a task; never blocks. */
  void submitFollowUp(String key, Runnable task) {
    enqueue(key, task);
  }

  private void enqueue(String key, Runnable task) {
    synchronized (waiting) {
      outstanding++;
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
      }
      synchronized (waiting) {
        outstanding--;
        Deque<Runnable> queue = waiting.get(key);
        next = queue == null ? null : queue.poll();
        if (next == null) {
          waiting.remove(key);
        }
        if (outstanding == 0) {
          waiting.notifyAll();
        }
      }
    }
  }

  /** Waits until every queued task, follow-ups included, has run. */
  void awaitIdle() throws InterruptedException {
    synchronized (waiting) {
      while (outstanding > 0) {
        waiting.wait();
      }
    }
  }
}
