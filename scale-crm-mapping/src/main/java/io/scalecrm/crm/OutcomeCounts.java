package io.scalecrm.crm;

/**
 * How many records of one kind ended in each outcome.
 *
 * @param created created in Scale
 * @param updated updated in Scale (for lines: renewed, or revoked and issued anew)
 * @param unchanged already as the CRM says; nothing written
 * @param removed removals applied (access revoked, a license revoked, an entity deleted)
 * @param failed not synced (invalid, drifted, pending); see the report's failures
 */
public record OutcomeCounts(int created, int updated, int unchanged, int removed, int failed) {
  /** No records. */
  public static final OutcomeCounts ZERO = new OutcomeCounts(0, 0, 0, 0, 0);

  /**
   * All records counted.
   *
   * @return the sum of the counts
   */
  public int total() {
    return created + updated + unchanged + removed + failed;
  }

  /**
   * The count of one outcome.
   *
   * @param outcome the outcome
   * @return how many records ended so
   */
  public int of(Outcome outcome) {
    switch (outcome) {
      case CREATED:
        return created;
      case UPDATED:
        return updated;
      case UNCHANGED:
        return unchanged;
      case REMOVED:
        return removed;
      default:
        return failed;
    }
  }

  /**
   * These counts plus one record.
   *
   * @param outcome the record's outcome
   * @return the new counts
   */
  OutcomeCounts plus(Outcome outcome) {
    return new OutcomeCounts(
        created + (outcome == Outcome.CREATED ? 1 : 0),
        updated + (outcome == Outcome.UPDATED ? 1 : 0),
        unchanged + (outcome == Outcome.UNCHANGED ? 1 : 0),
        removed + (outcome == Outcome.REMOVED ? 1 : 0),
        failed + (outcome == Outcome.FAILED ? 1 : 0));
  }
}
