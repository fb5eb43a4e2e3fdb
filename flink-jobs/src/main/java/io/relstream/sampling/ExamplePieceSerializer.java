package io.relstream.sampling;

import io.relstream.example.ExampleRow;
import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link ExamplePiece}, sent to the assembler and kept in its list state. */
public final class ExamplePieceSerializer extends CompactSerializer<ExamplePiece> {
  private static final long serialVersionUID = 1L;
  public static final ExamplePieceSerializer INSTANCE = new ExamplePieceSerializer();

  @Override
  public ExamplePiece copy(ExamplePiece from) {
    if (from == null) {
      return null;
    }
    return new ExamplePiece(from.exampleId(), from.path(), ExampleRows.copy(from.row()), from.seedTimeMillis(),
        from.commitTimeMillis(), from.credit(), from.previousRequestMillis());
  }

  @Override
  public void serialize(ExamplePiece piece, DataOutputView out) throws IOException {
    RowValues.writeString(piece.exampleId(), out);
    RowValues.writeString(piece.path(), out);
    out.writeBoolean(piece.row() != null);
    if (piece.row() != null) {
      ExampleRows.write(piece.row(), out);
    }
    out.writeLong(piece.seedTimeMillis());
    out.writeLong(piece.commitTimeMillis());
    out.writeLong(piece.credit());
    out.writeLong(piece.previousRequestMillis());
  }

  @Override
  public ExamplePiece deserialize(DataInputView in) throws IOException {
    String exampleId = RowValues.readString(in);
    String path = RowValues.readString(in);
    ExampleRow row = in.readBoolean() ? ExampleRows.read(in) : null;
    long seedTime = in.readLong();
    long commitTime = in.readLong();
    long credit = in.readLong();
    return new ExamplePiece(exampleId, path, row, seedTime, commitTime, credit, in.readLong());
  }

  @Override
  public TypeSerializerSnapshot<ExamplePiece> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ExamplePiece> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever an {@link ExamplePiece} is serialized. */
  public static final class Factory extends TypeInfoFactory<ExamplePiece> {
    @Override
    public TypeInformation<ExamplePiece> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(ExamplePiece.class, INSTANCE);
    }
  }
}
