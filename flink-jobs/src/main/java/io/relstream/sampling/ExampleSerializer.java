package io.relstream.sampling;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link Example}, the assembler's output. {@code Example} lives in a module without
 * Flink, so the assembler names this type information on its output instead of an annotation.
 */
public final class ExampleSerializer extends CompactSerializer<Example> {
  private static final long serialVersionUID = 1L;
  public static final ExampleSerializer INSTANCE = new ExampleSerializer();

  /** The type information to give a stream of examples. */
  public static final TypeInformation<Example> TYPE_INFO = new CompactTypeInfo<>(Example.class, INSTANCE);

  @Override
  public Example copy(Example from) {
    if (from == null) {
      return null;
    }
    List<ExampleRow> rows = new ArrayList<>(from.rows().size());
    for (ExampleRow row : from.rows()) {
      rows.add(ExampleRows.copy(row));
    }
    return new Example(from.seedTable(), from.seedKey(), from.seedTimeMillis(), from.commitTimeMillis(), rows,
        from.previousRequestMillis());
  }

  @Override
  public void serialize(Example example, DataOutputView out) throws IOException {
    RowValues.writeString(example.seedTable(), out);
    RowValues.writeString(example.seedKey(), out);
    out.writeLong(example.seedTimeMillis());
    out.writeLong(example.commitTimeMillis());
    out.writeLong(example.previousRequestMillis());
    out.writeInt(example.rows().size());
    for (ExampleRow row : example.rows()) {
      ExampleRows.write(row, out);
    }
  }

  @Override
  public Example deserialize(DataInputView in) throws IOException {
    String seedTable = RowValues.readString(in);
    String seedKey = RowValues.readString(in);
    long seedTime = in.readLong();
    long commitTime = in.readLong();
    long previousRequest = in.readLong();
    int size = in.readInt();
    List<ExampleRow> rows = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      rows.add(ExampleRows.read(in));
    }
    return new Example(seedTable, seedKey, seedTime, commitTime, rows, previousRequest);
  }

  @Override
  public TypeSerializerSnapshot<Example> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Example> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
