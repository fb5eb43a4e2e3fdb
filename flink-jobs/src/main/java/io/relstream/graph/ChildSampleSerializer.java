package io.relstream.graph;

import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link ChildSample}, one child table's sample of a node in keyed state. */
public final class ChildSampleSerializer extends CompactSerializer<ChildSample> {
  private static final long serialVersionUID = 1L;
  public static final ChildSampleSerializer INSTANCE = new ChildSampleSerializer();

  @Override
  public ChildSample createInstance() {
    return new ChildSample();
  }

  @Override
  public ChildSample copy(ChildSample from) {
    if (from == null) {
      return null;
    }
    ChildSample copy = new ChildSample();
    copy.count = from.count;
    copy.truncated = from.truncated;
    copy.entries = new ArrayList<>(from.entries.size());
    for (ChildEntry entry : from.entries) {
      copy.entries.add(new ChildEntry(entry.node, entry.eventTime));
    }
    return copy;
  }

  @Override
  public void serialize(ChildSample sample, DataOutputView out) throws IOException {
    out.writeLong(sample.count);
    out.writeBoolean(sample.truncated);
    out.writeInt(sample.entries.size());
    for (ChildEntry entry : sample.entries) {
      RowValues.writeString(entry.node, out);
      out.writeLong(entry.eventTime);
    }
  }

  @Override
  public ChildSample deserialize(DataInputView in) throws IOException {
    ChildSample sample = new ChildSample();
    sample.count = in.readLong();
    sample.truncated = in.readBoolean();
    int size = in.readInt();
    sample.entries = new ArrayList<>(size + 1);
    for (int i = 0; i < size; i++) {
      String node = RowValues.readString(in);
      sample.entries.add(new ChildEntry(node, in.readLong()));
    }
    return sample;
  }

  @Override
  public TypeSerializerSnapshot<ChildSample> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChildSample> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link ChildSample} is serialized. */
  public static final class Factory extends TypeInfoFactory<ChildSample> {
    @Override
    public TypeInformation<ChildSample> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(ChildSample.class, INSTANCE);
    }
  }
}
