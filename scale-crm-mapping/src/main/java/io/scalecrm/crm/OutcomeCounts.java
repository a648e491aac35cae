package io.scalecrm.crm;

/**
 * How many records of one kind ended in each outcome.
 *
 * @param created created in Scale
 * @param updated updated in Scale (for lines: revoked and issued anew)
 * @param unchanged already as the CRM says; nothing written
 * @param failed not synced (invalid, drifted, or a Scale error); see the report's failures
 */
public record OutcomeCounts(int created, int updated, int unchanged, int failed) {
  /** No records. */
  public static final OutcomeCounts ZERO = new OutcomeCounts(0, 0, 0, 0);

  /**
   * All records counted.
   *
   * @return the sum of the four counts
   */
  public int total() {
    return created + updated + unchanged + failed;
  }
}
