package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one order line.
 *
 * @param lineId the CRM line id
 * @param orderReference the Scale order reference derived from it
 * @param outcome what happened
 * @param licenses the line's licenses as they now are in Scale (the new one first when reissued)
 * @param message for {@link LineOutcome#DRIFT} what differs; for {@link LineOutcome#FAILED} why;
 *     otherwise {@code null}
 * @param error for {@link LineOutcome#FAILED}, the failure; otherwise {@code null}
 */
public record LineResult(
    String lineId,
    String orderReference,
    LineOutcome outcome,
    List<ScaleLicense> licenses,
    @Nullable String message,
    @Nullable ScaleException error) {
  /**
   * Checks for nulls and copies the list.
   *
   * @param lineId the CRM line id
   * @param orderReference the Scale order reference derived from it
   * @param outcome what happened
   * @param licenses the line's licenses as they now are in Scale (the new one first when reissued)
   * @param message for {@link LineOutcome#DRIFT} what differs; for {@link LineOutcome#FAILED} why;
   *     otherwise {@code null}
   * @param error for {@link LineOutcome#FAILED}, the failure; otherwise {@code null}
   */
  public LineResult {
    Objects.requireNonNull(lineId, "lineId");
    Objects.requireNonNull(orderReference, "orderReference");
    Objects.requireNonNull(outcome, "outcome");
    licenses = List.copyOf(licenses);
  }
}
