package io.relstream.cdc;

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

/** Serializer of {@link RowChange}, the CDC source's output. */
public final class RowChangeSerializer extends CompactSerializer<RowChange> {
  private static final long serialVersionUID = 1L;
  public static final RowChangeSerializer INSTANCE = new RowChangeSerializer();
  private static final RowChange.Kind[] KINDS = RowChange.Kind.values();

  @Override
  public RowChange copy(RowChange from) {
    return from; // Immutable apart from the value arrays, which no operator changes.
  }

  @Override
  public void serialize(RowChange change, DataOutputView out) throws IOException {
    RowValues.writeString(change.table(), out);
    out.writeByte(change.kind().ordinal());
    RowValues.writeString(change.problem(), out);
    if (change.problem() != null) {
      // An unusable change keeps only its raw values, in whichever image its kind uses.
      RowValues.write(change.current(), out);
      out.writeLong(change.commitTimeMillis());
      return;
    }
    RowValues.write(change.before(), out);
    RowValues.write(change.after(), out);
    out.writeLong(change.commitTimeMillis());
    out.writeBoolean(change.snapshot());
  }

  @Override
  public RowChange deserialize(DataInputView in) throws IOException {
    String table = RowValues.readString(in);
    RowChange.Kind kind = KINDS[in.readByte()];
    String problem = RowValues.readString(in);
    if (problem != null) {
      Object[] raw = RowValues.read(in);
      return RowChange.unusable(table, kind, raw, in.readLong(), problem);
    }
    Object[] before = RowValues.read(in);
    Object[] after = RowValues.read(in);
    long commitTime = in.readLong();
    return new RowChange(table, kind, before, after, commitTime, in.readBoolean());
  }

  @Override
  public TypeSerializerSnapshot<RowChange> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RowChange> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link RowChange} is serialized. */
  public static final class Factory extends TypeInfoFactory<RowChange> {
    @Override
    public TypeInformation<RowChange> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(RowChange.class, INSTANCE);
    }
  }
}
