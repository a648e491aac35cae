package io.scalecrm.crm;

import java.util.Objects;

/**
 * Options of one {@link CrmSync#sync sync} run. Immutable; build with {@link #builder()}.
 *
 * @param dryRun compute and report the plan without writing to Scale (reads still happen)
 * @param concurrency how many records are handled at once (1 to 64); work for one account is always
 *     serialised
 * @param pageSize how many records to ask the adapter for per page (1 to 1000)
 * @param checkpoints where change cursors are kept between runs
 * @param listener progress listener
 */
public record SyncOptions(
    boolean dryRun,
    int concurrency,
    int pageSize,
    CheckpointStore checkpoints,
    SyncListener listener) {

  /**
   * Checks the ranges.
   *
   * @param dryRun compute and report the plan without writing to Scale (reads still happen)
   * @param concurrency how many records are handled at once (1 to 64); work for one account is
   *     always serialised
   * @param pageSize how many records to ask the adapter for per page (1 to 1000)
   * @param checkpoints where change cursors are kept between runs
   * @param listener progress listener
   */
  public SyncOptions {
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 64, was " + concurrency);
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
    }
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * The defaults: a real run, concurrency 4, pages of 100, in-memory checkpoints, no listener.
   *
   * @return the default options
   */
  public static SyncOptions defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SyncOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean dryRun;
    private int concurrency = 4;
    private int pageSize = 100;
    private CheckpointStore checkpoints = CheckpointStore.inMemory();
    private SyncListener listener = SyncListener.NONE;

    private Builder() {}

    /**
     * Sets dry-run mode.
     *
     * @param dryRun {@code true} to plan without writing
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Sets the number of records handled at once (default 4).
     *
     * @param concurrency 1 to 64
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the adapter page size (default 100).
     *
     * @param pageSize 1 to 1000
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Sets the checkpoint store (default: in memory, so a new process reads everything).
     *
     * @param checkpoints the store
     * @return this builder
     */
    public Builder checkpoints(CheckpointStore checkpoints) {
      this.checkpoints = checkpoints;
      return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(SyncListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SyncOptions build() {
      return new SyncOptions(dryRun, concurrency, pageSize, checkpoints, listener);
    }
  }
}
