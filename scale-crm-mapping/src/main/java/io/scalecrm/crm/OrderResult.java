package io.scalecrm.crm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link CrmSync#issueForOrder}: one {@link LineResult} per line, in order, including
 * the lines the adapter could not read.
 *
 * @param orderCrmId the CRM order id
 * @param licenseeId the licensee the licenses belong to, or {@code null} when it was not found
 * @param lines the per-line results
 */
public record OrderResult(String orderCrmId, @Nullable String licenseeId, List<LineResult> lines) {
  /**
   * Copies the list.
   *
   * @param orderCrmId the CRM order id
   * @param licenseeId the licensee the licenses belong to, or {@code null} when it was not found
   * @param lines the per-line results
   */
  public OrderResult {
    lines = List.copyOf(lines);
  }

  /**
   * Whether any line failed or drifted.
   *
   * @return {@code true} when a line's outcome is FAILED or DRIFT
   */
  public boolean hasProblems() {
    return lines.stream()
        .anyMatch(l -> l.outcome() == LineOutcome.FAILED || l.outcome() == LineOutcome.DRIFT);
  }
}
