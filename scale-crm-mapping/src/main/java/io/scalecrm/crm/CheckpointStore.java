package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a sync keeps, per stream (for example {@code hubspot/accounts}), the change cursor up to
 * which every record has been handled, so that a restarted sync resumes there.
 *
 * <p>Implementations must be thread-safe; {@link #save} must be durable when it returns (a crash
 * right after it must not lose the cursor) and must never move a stream's cursor backwards.
 */
public interface CheckpointStore {

  /**
   * The stored cursor of a stream.
   *
   * @param stream the stream name
   * @return the cursor, or empty when the stream has never been checkpointed
   */
  Optional<ChangeCursor> load(String stream);

  /**
   * Stores a stream's cursor.
   *
   * @param stream the stream name
   * @param cursor the cursor up to which every record has been handled
   */
  void save(String stream, ChangeCursor cursor);

  /**
   * A store that keeps cursors in memory only (lost when the process ends).
   *
   * @return a new, empty store
   */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /**
   * A store that keeps cursors in a small properties file, replaced atomically on every save.
   *
   * @param file the file; created on first save
   * @return the store
   */
  static CheckpointStore file(Path file) {
    return new FileCheckpointStore(file);
  }

  /**
   * A store that remembers nothing: every sync reads everything (safe, as every operation is
   * idempotent, but it costs API calls).
   *
   * @return the store
   */
  static CheckpointStore none() {
    return new CheckpointStore() {
      @Override
      public Optional<ChangeCursor> load(String stream) {
        return Optional.empty();
      }

      @Override
      public void save(String stream, ChangeCursor cursor) {}
    };
  }
}
