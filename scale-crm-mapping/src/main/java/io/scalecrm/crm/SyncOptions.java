package io.scalecrm.crm;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Options of one {@link CrmSync#sync sync} run. Immutable; build with {@link #builder()}.
 *
 * @param dryRun compute and report the plan without writing to Scale (reads still happen; the
 *     checkpoint store is neither read for pending records nor written)
 * @param concurrency how many records are handled at once (1 to 64); work for one account is always
 *     serialised
 * @param pageSize how many records to ask the adapter for per page (1 to 1000)
 * @param checkpoints where change cursors and pending records are kept between runs
 * @param listener progress listener
 * @param maxRemovals the most the run may remove before it removes nothing at all
 * @param maxReportedActions how many actions the report keeps (the listener sees every one)
 * @param stopWhen asked between records; when it answers {@code true} the run stops reading,
 *     finishes the records in flight, saves its checkpoints and reports {@link
 *     StopReason#INTERRUPTED} (for a graceful shutdown)
 */
public record SyncOptions(
    boolean dryRun,
    int concurrency,
    int pageSize,
    CheckpointStore checkpoints,
    SyncListener listener,
    RemovalLimit maxRemovals,
    int maxReportedActions,
    BooleanSupplier stopWhen) {

  /**
   * Checks the ranges.
   *
   * @param dryRun compute and report the plan without writing to Scale
   * @param concurrency how many records are handled at once (1 to 64)
   * @param pageSize how many records to ask the adapter for per page (1 to 1000)
   * @param checkpoints where change cursors and pending records are kept between runs
   * @param listener progress listener
   * @param maxRemovals the most the run may remove before it removes nothing at all
   * @param maxReportedActions how many actions the report keeps, at least 0
   * @param stopWhen asked between records; {@code true} stops the run gracefully
   */
  public SyncOptions {
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 64, was " + concurrency);
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
    }
    if (maxReportedActions < 0) {
      throw new IllegalArgumentException("maxReportedActions must not be negative");
    }
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(maxRemovals, "maxRemovals");
    Objects.requireNonNull(stopWhen, "stopWhen");
  }

  /**
   * The defaults: a real run, concurrency 4, pages of 100, in-memory checkpoints, no listener, the
   * {@linkplain RemovalLimit#DEFAULT default removal limit}, 10,000 reported actions.
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

  /**
   * A builder holding these options, to build a variant.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder()
        .dryRun(dryRun)
        .concurrency(concurrency)
        .pageSize(pageSize)
        .checkpoints(checkpoints)
        .listener(listener)
        .maxRemovals(maxRemovals)
        .maxReportedActions(maxReportedActions)
        .stopWhen(stopWhen);
  }

  /** Builds {@link SyncOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean dryRun;
    private int concurrency = 4;
    private int pageSize = 100;
    private CheckpointStore checkpoints = CheckpointStore.inMemory();
    private SyncListener listener = SyncListener.NONE;
    private RemovalLimit maxRemovals = RemovalLimit.DEFAULT;
    private int maxReportedActions = 10_000;
    private BooleanSupplier stopWhen = () -> false;

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
     * Sets the removal limit (default {@link RemovalLimit#DEFAULT}: 5 % of the synced entities or
     * 100, whichever is smaller).
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder maxRemovals(RemovalLimit limit) {
      this.maxRemovals = limit;
      return this;
    }

    /**
     * Sets how many actions the report keeps (default 10,000); a listener sees every action.
     *
     * @param max at least 0
     * @return this builder
     */
    public Builder maxReportedActions(int max) {
      this.maxReportedActions = max;
      return this;
    }

    /**
     * Sets the graceful-stop signal (default: never). It is asked between records, from the run's
     * reading thread; when it answers {@code true} the run stops reading, finishes the records in
     * flight, saves its checkpoints and reports {@link StopReason#INTERRUPTED}. Typically a flag a
     * shutdown hook sets.
     *
     * @param stopWhen the signal; must be thread-safe and fast
     * @return this builder
     */
    public Builder stopWhen(BooleanSupplier stopWhen) {
      this.stopWhen = stopWhen;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SyncOptions build() {
      return new SyncOptions(
          dryRun,
          concurrency,
          pageSize,
          checkpoints,
          listener,
          maxRemovals,
          maxReportedActions,
          stopWhen);
    }
  }
}
