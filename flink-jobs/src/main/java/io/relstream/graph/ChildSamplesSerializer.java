package io.relstream.graph;

import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.RowValues;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of a node's child samples, one {@link ChildSample} per child table by table name, kept
 * as one value in keyed state. Reading a map state's entries would be a RocksDB iterator seek,
 * which looks into every level of the tree. A value is a point read, which bloom filters steer to
 * the one file that contains it.
 */
public final class ChildSamplesSerializer extends CompactSerializer<TreeMap<String, ChildSample>> {
  private static final long serialVersionUID = 1L;
  public static final ChildSamplesSerializer INSTANCE = new ChildSamplesSerializer();

  @Override
  public TreeMap<String, ChildSample> createInstance() {
    return new TreeMap<>();
  }

  @Override
  public TreeMap<String, ChildSample> copy(TreeMap<String, ChildSample> from) {
    if (from == null) {
      return null;
    }
    TreeMap<String, ChildSample> copy = new TreeMap<>();
    for (Map.Entry<String, ChildSample> entry : from.entrySet()) {
      copy.put(entry.getKey(), ChildSampleSerializer.INSTANCE.copy(entry.getValue()));
    }
    return copy;
  }

  @Override
  public void serialize(TreeMap<String, ChildSample> samples, DataOutputView out) throws IOException {
    out.writeInt(samples.size());
    for (Map.Entry<String, ChildSample> entry : samples.entrySet()) {
      RowValues.writeString(entry.getKey(), out);
      ChildSampleSerializer.INSTANCE.serialize(entry.getValue(), out);
    }
  }

  @Override
  public TreeMap<String, ChildSample> deserialize(DataInputView in) throws IOException {
    int size = in.readInt();
    TreeMap<String, ChildSample> samples = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      String childTable = RowValues.readString(in);
      samples.put(childTable, ChildSampleSerializer.INSTANCE.deserialize(in));
    }
    return samples;
  }

  @Override
  public TypeSerializerSnapshot<TreeMap<String, ChildSample>> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TreeMap<String, ChildSample>> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
