package io.scalecrm.examples.file;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Where a record with a CRM id is in the export, for {@link CsvExportAdapter#location}.
 *
 * @param id the record's CRM id
 * @param where for example {@code "orders.csv rows 12, 13"}
 */
record CsvLocation(String id, String where) {

  /** Writes and reads locations in temporary files. */
  static final CsvCodec<CsvLocation> CODEC =
      new CsvCodec<>() {
        @Override
        public void write(DataOutput out, CsvLocation item) throws IOException {
          CsvCodec.writeString(out, item.id());
          CsvCodec.writeString(out, item.where());
        }

        @Override
        public CsvLocation read(DataInput in) throws IOException {
          return new CsvLocation(
              Objects.requireNonNull(CsvCodec.readString(in)),
              Objects.requireNonNull(CsvCodec.readString(in)));
        }

        @Override
        public long weight(CsvLocation item) {
          return 32 + CsvCodec.weight(item.id()) + CsvCodec.weight(item.where());
        }
      };
}
