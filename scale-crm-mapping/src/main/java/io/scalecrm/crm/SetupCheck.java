package io.scalecrm.crm;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CrmSync#check()} found: whether Scale can be reached with the configured credentials,
 * and whether every product configuration the SKU map names exists. A check never writes.
 *
 * @param problems what is wrong, empty when everything is in order
 * @param apiCalls how many Scale API calls the check made
 */
public record SetupCheck(List<Problem> problems, long apiCalls) {
  /** What a problem is about. */
  public enum Area {
    /** Scale could not be reached (URL, DNS, network, TLS). */
    CONNECTION,
    /** Scale refused the credentials (key id, issuer, private key, permissions). */
    CREDENTIALS,
    /** A SKU maps to a product configuration that does not exist in Scale. */
    SKU_MAP
  }

  /**
   * One problem.
   *
   * @param area what it is about
   * @param subject the setting or SKU concerned, for example {@code PRO-1Y}
   * @param message what is wrong and what to do, without secrets
   */
  public record Problem(Area area, String subject, String message) {
    /**
     * Checks for nulls.
     *
     * @param area what it is about
     * @param subject the setting or SKU concerned
     * @param message what is wrong and what to do
     */
    public Problem {
      Objects.requireNonNull(area, "area");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Copies the list.
   *
   * @param problems what is wrong
   * @param apiCalls how many Scale API calls the check made
   */
  public SetupCheck {
    problems = List.copyOf(problems);
  }

  /**
   * Whether nothing is wrong.
   *
   * @return {@code true} when there are no problems
   */
  public boolean ok() {
    return problems.isEmpty();
  }
}
