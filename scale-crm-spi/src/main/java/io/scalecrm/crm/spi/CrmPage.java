package io.scalecrm.crm.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of records read from a CRM.
 *
 * <p>Live records and tombstones of one page together cover one range of the change order: the sync
 * merges them by {@link ChangeCursor}, so a tombstone is handled, checkpointed and resumed after
 * like any record.
 *
 * @param records the valid records, in ascending {@link ChangeCursor} order
 * @param rejected the records on this page that failed validation, each naming record and field
 * @param tombstones records of this kind removed (or made inactive) in the CRM, in ascending cursor
 *     order; never records that are merely absent
 * @param nextPageToken the token for the next page, or {@code null} when this page is the last
 * @param <T> the record type
 */
public record CrmPage<T extends CrmRecord>(
    List<T> records,
    List<InvalidCrmRecordException> rejected,
    List<CrmTombstone> tombstones,
    @Nullable String nextPageToken) {

  /**
   * Copies the lists.
   *
   * @param records the valid records, in ascending {@link ChangeCursor} order
   * @param rejected the records on this page that failed validation, each naming record and field
   * @param tombstones records of this kind removed in the CRM, in ascending cursor order
   * @param nextPageToken the token for the next page, or {@code null} when this page is the last
   */
  public CrmPage {
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
    tombstones = List.copyOf(Objects.requireNonNull(tombstones, "tombstones"));
  }

  /**
   * A page without tombstones.
   *
   * @param records the valid records, in ascending {@link ChangeCursor} order
   * @param rejected the records on this page that failed validation
   * @param nextPageToken the token for the next page, or {@code null} when this page is the last
   */
  public CrmPage(
      List<T> records, List<InvalidCrmRecordException> rejected, @Nullable String nextPageToken) {
    this(records, rejected, List.of(), nextPageToken);
  }

  /**
   * A page with no rejected records.
   *
   * @param records the records
   * @param nextPageToken the next page token, or {@code null}
   * @param <T> the record type
   * @return the page
   */
  public static <T extends CrmRecord> CrmPage<T> of(
      List<T> records, @Nullable String nextPageToken) {
    return new CrmPage<>(records, List.of(), nextPageToken);
  }

  /**
   * Whether this is the last page of the read.
   *
   * @return {@code true} when there is no next page
   */
  public boolean last() {
    return nextPageToken == null;
  }
}
