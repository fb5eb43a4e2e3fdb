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

/**
 * Serializer of {@link ChildSample}, one child table's sample of a node in keyed state.
 *
 * <p>A flags byte follows the count. Bit 0 is set when the sample dropped children, bit 1 when the
 * entries carry the children's values (each a value array or a null marker). Earlier versions
 * wrote a boolean there (0 or 1), so their samples read as samples without values and restore
 * unchanged.
 */
public final class ChildSampleSerializer extends CompactSerializer<ChildSample> {
  private static final long serialVersionUID = 1L;
  public static final ChildSampleSerializer INSTANCE = new ChildSampleSerializer();
  private static final int TRUNCATED = 1;
  private static final int WITH_VALUES = 2;

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
      copy.entries.add(new ChildEntry(entry.node, entry.eventTime, RowValues.copy(entry.values)));
    }
    return copy;
  }

  @Override
  public void serialize(ChildSample sample, DataOutputView out) throws IOException {
    boolean withValues = hasValues(sample);
    out.writeLong(sample.count);
    out.writeByte((sample.truncated ? TRUNCATED : 0) | (withValues ? WITH_VALUES : 0));
    out.writeInt(sample.entries.size());
    for (ChildEntry entry : sample.entries) {
      RowValues.writeString(entry.node, out);
      out.writeLong(entry.eventTime);
      if (withValues) {
        RowValues.write(entry.values, out);
      }
    }
  }

  private static boolean hasValues(ChildSample sample) {
    for (ChildEntry entry : sample.entries) {
      if (entry.values != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ChildSample deserialize(DataInputView in) throws IOException {
    ChildSample sample = new ChildSample();
    sample.count = in.readLong();
    int flags = in.readByte();
    sample.truncated = (flags & TRUNCATED) != 0;
    boolean withValues = (flags & WITH_VALUES) != 0;
    int size = in.readInt();
    sample.entries = new ArrayList<>(size + 1);
    for (int i = 0; i < size; i++) {
      String node = RowValues.readString(in);
      long eventTime = in.readLong();
      Object[] values = withValues ? RowValues.read(in) : null;
      sample.entries.add(new ChildEntry(node, eventTime, values));
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
