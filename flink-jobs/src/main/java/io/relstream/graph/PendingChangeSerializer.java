package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.cdc.RowChangeSerializer;
import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link PendingChange}, a change waiting for its event time in the event-time stage's list state. */
public final class PendingChangeSerializer extends CompactSerializer<PendingChange> {
  private static final long serialVersionUID = 1L;
  public static final PendingChangeSerializer INSTANCE = new PendingChangeSerializer();

  @Override
  public PendingChange copy(PendingChange from) {
    return from; // Immutable apart from the change's value arrays, which no operator changes.
  }

  @Override
  public void serialize(PendingChange value, DataOutputView out) throws IOException {
    RowChangeSerializer.INSTANCE.serialize(value.change(), out);
    out.writeLong(value.deadlineMillis());
  }

  @Override
  public PendingChange deserialize(DataInputView in) throws IOException {
    RowChange change = RowChangeSerializer.INSTANCE.deserialize(in);
    return new PendingChange(change, in.readLong());
  }

  @Override
  public TypeSerializerSnapshot<PendingChange> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PendingChange> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link PendingChange} is serialized. */
  public static final class Factory extends TypeInfoFactory<PendingChange> {
    @Override
    public TypeInformation<PendingChange> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(PendingChange.class, INSTANCE);
    }
  }
}
