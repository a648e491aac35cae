package io.scalecrm.crm;

import java.util.Locale;

/**
 * The most a sync run may remove (revoke access, revoke licenses, delete consumers or licensees)
 * before it refuses to remove anything, like rclone's {@code --max-delete}. A run that would remove
 * more stops before its first removal, removes nothing, and reports what it would have removed; the
 * removals stay pending until a run with a higher limit applies them.
 *
 * <p>The limit is an absolute count, a share of the synced entities, or the smaller of both. The
 * synced entities are the records the run read plus, when more is needed to judge a share, the
 * licensees and consumers in Scale that carry this CRM's keys.
 *
 * @param count the largest number of removals, or {@link Integer#MAX_VALUE} for no absolute limit
 * @param percent the largest share of the synced entities, in percent, or 100 for no share limit
 */
public record RemovalLimit(int count, double percent) {
  /** The default: 5 % of the synced entities or 100 removals, whichever is smaller. */
  public static final RemovalLimit DEFAULT = new RemovalLimit(100, 5);

  /** No limit. */
  public static final RemovalLimit UNLIMITED = new RemovalLimit(Integer.MAX_VALUE, 100);

  /**
   * Checks the ranges.
   *
   * @param count the largest number of removals, at least 0
   * @param percent the largest share in percent, 0 to 100
   */
  public RemovalLimit {
    if (count < 0) {
      throw new IllegalArgumentException("The removal limit must not be negative, was " + count);
    }
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          "The removal limit's share must be between 0 and 100 percent, was " + percent);
    }
  }

  /**
   * At most {@code n} removals.
   *
   * @param n the limit, at least 0
   * @return the limit
   */
  public static RemovalLimit of(int n) {
    return new RemovalLimit(n, 100);
  }

  /**
   * At most {@code percent} % of the synced entities.
   *
   * @param percent 0 to 100
   * @return the limit
   */
  public static RemovalLimit percent(double percent) {
    return new RemovalLimit(Integer.MAX_VALUE, percent);
  }

  /**
   * Parses {@code N} (a count) or {@code P%} (a share), as in {@code --max-removals}.
   *
   * @param text for example {@code 25} or {@code 10%}
   * @return the limit
   * @throws IllegalArgumentException when the text is neither
   */
  public static RemovalLimit parse(String text) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) {
        return percent(Double.parseDouble(t.substring(0, t.length() - 1).strip()));
      }
      return of(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The removal limit must be a count such as 25 or a share such as 10%", e);
    }
  }

  /**
   * The largest number of removals allowed for a number of synced entities.
   *
   * @param syncedEntities the synced entities
   * @return the limit: the smaller of the count and the share (rounded up)
   */
  public long allowed(long syncedEntities) {
    long share =
        percent >= 100 ? Long.MAX_VALUE : (long) Math.ceil(syncedEntities * percent / 100.0);
    return Math.min(count, share);
  }

  @Override
  public String toString() {
    if (count == Integer.MAX_VALUE && percent >= 100) {
      return "unlimited";
    }
    if (count == Integer.MAX_VALUE) {
      return String.format(Locale.ROOT, "%s%%", trim(percent));
    }
    if (percent >= 100) {
      return Integer.toString(count);
    }
    return String.format(Locale.ROOT, "%s%% or %d, whichever is smaller", trim(percent), count);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
