package io.scalecrm.crm;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentMap<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

  @Override
  public Checkpoint load(String stream) {
    return checkpoints.getOrDefault(stream, Checkpoint.EMPTY);
  }

  @Override
  public Checkpoint update(String stream, UnaryOperator<Checkpoint> change) {
    return checkpoints.compute(
        stream, (k, old) -> change.apply(old == null ? Checkpoint.EMPTY : old));
  }

  @Override
  public String toString() {
    return "CheckpointStore.inMemory()";
  }
}
