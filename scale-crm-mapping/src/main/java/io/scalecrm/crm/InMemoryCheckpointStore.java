package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentMap<String, ChangeCursor> cursors = new ConcurrentHashMap<>();

  @Override
  public Optional<ChangeCursor> load(String stream) {
    return Optional.ofNullable(cursors.get(stream));
  }

  @Override
  public void save(String stream, ChangeCursor cursor) {
    cursors.merge(stream, cursor, (old, neu) -> neu.compareTo(old) > 0 ? neu : old);
  }
}
