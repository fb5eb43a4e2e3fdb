package io.relstream.graph;

import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link NodeRow}, a node's row history in keyed state, with its {@link RowVersion}s. */
public final class NodeRowSerializer extends CompactSerializer<NodeRow> {
  private static final long serialVersionUID = 1L;
  public static final NodeRowSerializer INSTANCE = new NodeRowSerializer();

  @Override
  public NodeRow createInstance() {
    return new NodeRow();
  }

  @Override
  public NodeRow copy(NodeRow from) {
    if (from == null) {
      return null;
    }
    NodeRow copy = new NodeRow();
    copy.versions = new ArrayList<>(from.versions.size());
    for (RowVersion version : from.versions) {
      RowVersion versionCopy = new RowVersion();
      versionCopy.values = RowValues.copy(version.values);
      versionCopy.eventTime = version.eventTime;
      versionCopy.commitTime = version.commitTime;
      versionCopy.parents = version.parents == null ? null : new LinkedHashMap<>(version.parents);
      copy.versions.add(versionCopy);
    }
    copy.truncated = from.truncated;
    copy.version = from.version;
    return copy;
  }

  @Override
  public void serialize(NodeRow node, DataOutputView out) throws IOException {
    out.writeInt(node.versions.size());
    for (RowVersion version : node.versions) {
      RowValues.write(version.values, out);
      out.writeLong(version.eventTime);
      out.writeLong(version.commitTime);
      RowValues.writeMap(version.parents, out);
    }
    out.writeBoolean(node.truncated);
    out.writeLong(node.version);
  }

  @Override
  public NodeRow deserialize(DataInputView in) throws IOException {
    NodeRow node = new NodeRow();
    int size = in.readInt();
    node.versions = new ArrayList<>(size + 1);
    for (int i = 0; i < size; i++) {
      RowVersion version = new RowVersion();
      version.values = RowValues.read(in);
      version.eventTime = in.readLong();
      version.commitTime = in.readLong();
      version.parents = RowValues.readMap(in);
      node.versions.add(version);
    }
    node.truncated = in.readBoolean();
    node.version = in.readLong();
    return node;
  }

  @Override
  public TypeSerializerSnapshot<NodeRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeRow> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link NodeRow} is serialized. */
  public static final class Factory extends TypeInfoFactory<NodeRow> {
    @Override
    public TypeInformation<NodeRow> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(NodeRow.class, INSTANCE);
    }
  }
}
