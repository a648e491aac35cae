package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a sync keeps per stream (for example {@code hubspot/contacts}) between runs: the change
 * cursor up to which every record was handled or is pending, and the pending records themselves.
 *
 * @param cursor every record at or before it was handled or is in {@code pending}; {@code null}
 *     when the stream was never synced
 * @param pending records not finished for a reason other than their own data, by CRM id
 */
public record Checkpoint(@Nullable ChangeCursor cursor, Map<String, PendingRecord> pending) {
  /** A stream never synced. */
  public static final Checkpoint EMPTY = new Checkpoint(null, Map.of());

  /**
   * Copies the map.
   *
   * @param cursor every record at or before it was handled or is in {@code pending}
   * @param pending records not finished, by CRM id
   */
  public Checkpoint {
    Objects.requireNonNull(pending, "pending");
    pending = Collections.unmodifiableMap(new LinkedHashMap<>(pending));
  }

  /**
   * Where the next run starts reading: just before the earliest pending record, else the cursor.
   * Without a cursor (no record from the start of the stream has settled yet) everything is read
   * again, pending records or not: a record before the earliest pending one may still be in flight.
   *
   * @return the cursor to read after, or empty to read everything
   */
  public Optional<ChangeCursor> resumeAfter() {
    if (cursor == null) {
      return Optional.empty();
    }
    ChangeCursor from = cursor;
    for (PendingRecord p : pending.values()) {
      ChangeCursor before = p.cursor().justBefore();
      if (before.compareTo(from) < 0) {
        from = before;
      }
    }
    return Optional.ofNullable(from);
  }

  /**
   * Whether a record at {@code at} with this id was already handled, so that a run reading again
   * from {@link #resumeAfter()} skips it.
   *
   * @param crmId the record's id
   * @param at the record's cursor
   * @return {@code true} when the record is at or before the cursor and not pending
   */
  public boolean handled(String crmId, ChangeCursor at) {
    return cursor != null && at.compareTo(cursor) <= 0 && !pending.containsKey(crmId);
  }
}
