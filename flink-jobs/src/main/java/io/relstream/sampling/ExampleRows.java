package io.relstream.sampling;

import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.serialization.RowValues;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes and reads {@link ExampleRow}s for the serializers of pieces and examples. */
final class ExampleRows {
  private static final RowRole[] ROLES = RowRole.values();

  private ExampleRows() {}

  static void write(ExampleRow row, DataOutputView out) throws IOException {
    RowValues.writeString(row.table(), out);
    RowValues.writeString(row.key(), out);
    out.writeByte(row.role().ordinal());
    out.writeInt(row.hop());
    out.writeLong(row.eventTimeMillis());
    RowValues.write(row.values(), out);
    RowValues.writeString(row.via(), out);
  }

  static ExampleRow read(DataInputView in) throws IOException {
    String table = RowValues.readString(in);
    String key = RowValues.readString(in);
    RowRole role = ROLES[in.readByte()];
    int hop = in.readInt();
    long eventTime = in.readLong();
    Object[] values = RowValues.read(in);
    return new ExampleRow(table, key, role, hop, eventTime, values, RowValues.readString(in));
  }

  /** Returns a copy whose value array is new and whose values are shared, because they are immutable. */
  static ExampleRow copy(ExampleRow row) {
    return row == null ? null : new ExampleRow(row.table(), row.key(), row.role(), row.hop(), row.eventTimeMillis(),
        RowValues.copy(row.values()), row.via());
  }
}
