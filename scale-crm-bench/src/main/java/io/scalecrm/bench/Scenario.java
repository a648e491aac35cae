package io.scalecrm.bench;

import java.util.List;

/** What a {@link Run} measured. */
enum Scenario {
  /** The first sync into an empty Scale. */
  FIRST_SYNC("first sync"),
  /** The same export again, without a checkpoint: everything read and compared. */
  FULL_RESYNC("full no-op resync (no checkpoint)"),
  /** The same export again, with the first sync's checkpoint. */
  CHECKPOINTED_RESYNC("no-op resync with checkpoint"),
  /** 1 % of the records changed, with the checkpoint. */
  CHANGED("1 % changed, with checkpoint"),
  /** The naive hand-written flow's first sync. */
  NAIVE_FIRST_SYNC("naive flow, first sync");

  /** The runs of the call-count part, in the order they run on one sandbox. */
  static final List<Scenario> CALL_COUNTS =
      List.of(FIRST_SYNC, FULL_RESYNC, CHECKPOINTED_RESYNC, CHANGED);

  private final String title;

  Scenario(String title) {
    this.title = title;
  }

  String title() {
    return title;
  }
}
