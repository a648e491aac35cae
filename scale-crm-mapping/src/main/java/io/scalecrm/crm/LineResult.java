package io.scalecrm.crm;

import io.scalecrm.client.ScaleException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of one order line.
 *
 * @param lineId the CRM line id
 * @param orderReference the Scale order reference derived from it (empty when the line was invalid)
 * @param outcome what happened
 * @param licenses the line's licenses as they now are in Scale (the one that serves the line first)
 * @param drift for {@link LineOutcome#DRIFT}, {@link LineOutcome#REISSUED} and {@link
 *     LineOutcome#RENEWED}: the terms that differed; otherwise empty
 * @param message for {@link LineOutcome#DRIFT} what differs; for {@link LineOutcome#FAILED} why;
 *     otherwise {@code null}
 * @param error for {@link LineOutcome#FAILED}, the failure; otherwise {@code null}
 */
public record LineResult(
    String lineId,
    String orderReference,
    LineOutcome outcome,
    List<ScaleLicense> licenses,
    Set<LineField> drift,
    @Nullable String message,
    @Nullable ScaleException error) {
  /**
   * Checks for nulls and copies the collections.
   *
   * @param lineId the CRM line id
   * @param orderReference the Scale order reference derived from it
   * @param outcome what happened
   * @param licenses the line's licenses as they now are in Scale
   * @param drift the terms that differed
   * @param message what differs, or why the line failed, or {@code null}
   * @param error the failure, or {@code null}
   */
  public LineResult {
    Objects.requireNonNull(lineId, "lineId");
    Objects.requireNonNull(orderReference, "orderReference");
    Objects.requireNonNull(outcome, "outcome");
    licenses = List.copyOf(licenses);
    drift = drift.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(drift));
  }

  static LineResult of(
      String lineId, String ref, LineOutcome outcome, List<ScaleLicense> licenses) {
    return new LineResult(lineId, ref, outcome, licenses, Set.of(), null, null);
  }

  static LineResult failed(String lineId, String ref, ScaleException error) {
    return new LineResult(
        lineId, ref, LineOutcome.FAILED, List.of(), Set.of(), error.getMessage(), error);
  }

  /**
   * The kind of failure of a {@link LineOutcome#FAILED} or {@link LineOutcome#DRIFT} line.
   *
   * @return the kind, or {@code null} when the line did not fail
   */
  public @Nullable FailureKind failureKind() {
    if (outcome == LineOutcome.DRIFT) {
      return FailureKind.RECORD_DATA;
    }
    if (outcome != LineOutcome.FAILED) {
      return null;
    }
    return error == null ? FailureKind.BUG : FailureKind.of(error);
  }

  /**
   * The outcome in the terms every record uses.
   *
   * @return created, updated, unchanged, removed or failed
   */
  public Outcome recordOutcome() {
    switch (outcome) {
      case ISSUED:
        return Outcome.CREATED;
      case REISSUED:
      case RENEWED:
        return Outcome.UPDATED;
      case REVOKED:
        return Outcome.REMOVED;
      case UNCHANGED:
        return Outcome.UNCHANGED;
      default:
        return Outcome.FAILED;
    }
  }
}
