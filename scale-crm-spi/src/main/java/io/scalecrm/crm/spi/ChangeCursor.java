package io.scalecrm.crm.spi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;

/**
 * A position in a CRM's change order: everything modified before {@code modifiedAt}, or at it with
 * an id not after {@code recordId}, has been read.
 *
 * <p>Adapters return records in ascending cursor order, so the cursor of the last record handled is
 * where a restarted sync resumes. Cursors compare by time, then by id (ordinal string order).
 *
 * <p>A cursor with an empty {@code recordId} ({@link #justBefore()}) means "nothing at {@code
 * modifiedAt} has been read": the sync uses it to read a record again whose earlier handling could
 * not finish.
 *
 * @param modifiedAt the modification time of the last record read
 * @param recordId the CRM id of the last record read
 */
public record ChangeCursor(Instant modifiedAt, String recordId)
    implements Comparable<ChangeCursor> {

  private static final Comparator<ChangeCursor> ORDER =
      Comparator.comparing(ChangeCursor::modifiedAt).thenComparing(ChangeCursor::recordId);

  /**
   * Checks that both parts are present.
   *
   * @param modifiedAt the modification time of the last record read
   * @param recordId the CRM id of the last record read
   */
  public ChangeCursor {
    Objects.requireNonNull(modifiedAt, "modifiedAt");
    Objects.requireNonNull(recordId, "recordId");
  }

  /**
   * The cursor just before every record changed at this cursor's time: reading after it returns the
   * records at {@code modifiedAt} again, this one included.
   *
   * @return the cursor {@code (modifiedAt, "")}
   */
  public ChangeCursor justBefore() {
    return new ChangeCursor(modifiedAt, "");
  }

  /**
   * Whether a record at {@code other} comes after this cursor, that is, has not been read yet.
   *
   * @param other the record's cursor
   * @return {@code true} when {@code other} is after this cursor
   */
  public boolean isBefore(ChangeCursor other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(ChangeCursor o) {
    return ORDER.compare(this, o);
  }

  /**
   * The text form stored by checkpoint stores: {@code <ISO-8601 instant>|<recordId>}.
   *
   * @return the text form
   */
  public String asString() {
    return modifiedAt + "|" + recordId;
  }

  /**
   * Parses the text form written by {@link #asString()}.
   *
   * @param text the text form
   * @return the cursor
   * @throws IllegalArgumentException when the text is not a cursor
   */
  public static ChangeCursor parse(String text) {
    int bar = text.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("Not a change cursor (expected <instant>|<id>)");
    }
    try {
      return new ChangeCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Not a change cursor: bad instant", e);
    }
  }
}
