package io.scalecrm.crm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/** A checkpoint store that dies with its process: after the kill nothing more is saved. */
final class DyingCheckpointStore implements CheckpointStore {
  private final CheckpointStore real;
  private final AtomicBoolean dead;

  DyingCheckpointStore(CheckpointStore real, AtomicBoolean dead) {
    this.real = real;
    this.dead = dead;
  }

  @Override
  public Checkpoint load(String stream) {
    if (dead.get()) {
      throw new IllegalStateException("the process is dead");
    }
    return real.load(stream);
  }

  @Override
  public Checkpoint update(String stream, UnaryOperator<Checkpoint> change) {
    if (dead.get()) {
      throw new IllegalStateException("the process is dead");
    }
    return real.update(stream, change);
  }
}
