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

/** Serializer of {@link TimedChange}, a change with its resolved event time, from the event-time stage to the router. */
public final class TimedChangeSerializer extends CompactSerializer<TimedChange> {
  private static final long serialVersionUID = 1L;
  public static final TimedChangeSerializer INSTANCE = new TimedChangeSerializer();

  @Override
  public TimedChange copy(TimedChange from) {
    return from; // Immutable apart from the change's value arrays, which no operator changes.
  }

  @Override
  public void serialize(TimedChange value, DataOutputView out) throws IOException {
    RowChangeSerializer.INSTANCE.serialize(value.change(), out);
    out.writeLong(value.eventTimeMillis());
  }

  @Override
  public TimedChange deserialize(DataInputView in) throws IOException {
    RowChange change = RowChangeSerializer.INSTANCE.deserialize(in);
    return new TimedChange(change, in.readLong());
  }

  @Override
  public TypeSerializerSnapshot<TimedChange> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TimedChange> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link TimedChange} is serialized. */
  public static final class Factory extends TypeInfoFactory<TimedChange> {
    @Override
    public TypeInformation<TimedChange> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(TimedChange.class, INSTANCE);
    }
  }
}
