package io.scalecrm.examples.runner;

import io.scalecrm.crm.SyncFailure;
import io.scalecrm.crm.spi.CrmAdapter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one run reads: the adapter, and how its failures are named in the user's terms (the file and
 * row of a record, the column of a field).
 */
public interface RunSource extends AutoCloseable {
  /**
   * The adapter the run reads.
   *
   * @return the adapter
   */
  CrmAdapter adapter();

  /**
   * Where a failed record is, for example {@code orders.csv row 12}.
   *
   * @param failure the failure
   * @return the place, or empty when unknown or already in the failure's id
   */
  default Optional<String> location(SyncFailure failure) {
    return Optional.empty();
  }

  /**
   * The name the user knows a failed field by: a column or property name rather than the record's
   * component name.
   *
   * @param failure the failure
   * @return the field's name, or {@code null} when the failure names no field
   */
  default @Nullable String field(SyncFailure failure) {
    return failure.field();
  }

  /** Releases what the run held; the default releases nothing (the adapter outlives the run). */
  @Override
  default void close() {}

  /**
   * A source for an adapter that outlives the run, with the failures' own field names.
   *
   * @param adapter the adapter
   * @return the source
   */
  static RunSource of(CrmAdapter adapter) {
    return () -> adapter;
  }
}
