package io.scalecrm.crm;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where a sync keeps, per stream (for example {@code hubspot/accounts}), its {@link Checkpoint}:
 * the change cursor up to which every record was handled, and the records still pending, so that a
 * restarted sync resumes there and retries what is pending.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Threads and processes.</b> Implementations are thread-safe. {@link #update} is atomic:
 *       two syncs (threads or processes) sharing a store never lose each other's pending records.
 *   <li><b>Durability.</b> When {@link #update} returns, the new checkpoint survives a crash of the
 *       process or the machine.
 *   <li><b>Errors.</b> Methods throw an unchecked exception when the store cannot be read or
 *       written; the sync then stops and reports the run as incomplete, never as complete.
 *   <li><b>Nulls.</b> No argument and no result is null; a stream never stored loads as {@link
 *       Checkpoint#EMPTY}.
 * </ul>
 */
public interface CheckpointStore {

  /**
   * The stored checkpoint of a stream.
   *
   * @param stream the stream name
   * @return the checkpoint, or {@link Checkpoint#EMPTY} when the stream has never been stored
   */
  Checkpoint load(String stream);

  /**
   * Atomically replaces a stream's checkpoint with {@code change} applied to the stored one, and
   * makes the result durable before returning.
   *
   * @param stream the stream name
   * @param change computes the new checkpoint from the stored one; may be called more than once and
   *     must have no side effects
   * @return the checkpoint now stored
   */
  Checkpoint update(String stream, UnaryOperator<Checkpoint> change);

  /**
   * A store that keeps checkpoints in memory only (lost when the process ends).
   *
   * @return a new, empty store
   */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /**
   * A store that keeps checkpoints in a small JSON file, rewritten through a synced temporary file
   * and an atomic rename under a lock file, so that a crash at any moment leaves either the old or
   * the new file and concurrent processes do not lose each other's updates. Reads a properties file
   * written by earlier versions too.
   *
   * @param file the file; created on first update, with {@code <file>.lock} beside it
   * @return the store
   */
  static CheckpointStore file(Path file) {
    return new FileCheckpointStore(file);
  }

  /**
   * A store that remembers nothing: every sync reads everything (safe, as every operation is
   * idempotent, but it costs API calls), and nothing stays pending between runs.
   *
   * @return the store
   */
  static CheckpointStore none() {
    return new CheckpointStore() {
      @Override
      public Checkpoint load(String stream) {
        return Checkpoint.EMPTY;
      }

      @Override
      public Checkpoint update(String stream, UnaryOperator<Checkpoint> change) {
        return Checkpoint.EMPTY;
      }
    };
  }
}
