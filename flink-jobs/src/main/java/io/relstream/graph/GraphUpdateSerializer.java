package io.relstream.graph;

import io.relstream.serialization.CompactSerializer;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link GraphUpdate}, the router's messages to the graph and hop operators. */
public final class GraphUpdateSerializer extends CompactSerializer<GraphUpdate> {
  private static final long serialVersionUID = 1L;
  public static final GraphUpdateSerializer INSTANCE = new GraphUpdateSerializer();
  private static final GraphUpdate.Kind[] KINDS = GraphUpdate.Kind.values();

  @Override
  public GraphUpdate copy(GraphUpdate from) {
    if (from == null) {
      return null;
    }
    Map<String, String> parents = from.parents() == null ? null : new LinkedHashMap<>(from.parents());
    return new GraphUpdate(from.kind(), from.target(), RowValues.copy(from.values()), from.eventTimeMillis(),
        from.commitTimeMillis(), parents, from.child(), from.newEdge());
  }

  @Override
  public void serialize(GraphUpdate update, DataOutputView out) throws IOException {
    out.writeByte(update.kind().ordinal());
    RowValues.writeString(update.target(), out);
    RowValues.write(update.values(), out);
    out.writeLong(update.eventTimeMillis());
    out.writeLong(update.commitTimeMillis());
    RowValues.writeMap(update.parents(), out);
    RowValues.writeString(update.child(), out);
    out.writeBoolean(update.newEdge());
  }

  @Override
  public GraphUpdate deserialize(DataInputView in) throws IOException {
    GraphUpdate.Kind kind = KINDS[in.readByte()];
    String target = RowValues.readString(in);
    Object[] values = RowValues.read(in);
    long eventTime = in.readLong();
    long commitTime = in.readLong();
    Map<String, String> parents = RowValues.readMap(in);
    String child = RowValues.readString(in);
    return new GraphUpdate(kind, target, values, eventTime, commitTime, parents, child, in.readBoolean());
  }

  @Override
  public TypeSerializerSnapshot<GraphUpdate> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<GraphUpdate> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link GraphUpdate} is serialized. */
  public static final class Factory extends TypeInfoFactory<GraphUpdate> {
    @Override
    public TypeInformation<GraphUpdate> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(GraphUpdate.class, INSTANCE);
    }
  }
}
