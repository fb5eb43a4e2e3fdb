package io.relstream.sampling;

import io.relstream.example.RowRole;
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

/** Serializer of {@link HopRequest}, the requests from one hop's operator to the next. */
public final class HopRequestSerializer extends CompactSerializer<HopRequest> {
  private static final long serialVersionUID = 1L;
  public static final HopRequestSerializer INSTANCE = new HopRequestSerializer();
  private static final RowRole[] ROLES = RowRole.values();

  @Override
  public HopRequest copy(HopRequest from) {
    return from; // Every component is immutable.
  }

  @Override
  public void serialize(HopRequest request, DataOutputView out) throws IOException {
    RowValues.writeString(request.exampleId(), out);
    RowValues.writeString(request.node(), out);
    RowValues.writeString(request.via(), out);
    out.writeByte(request.role().ordinal());
    out.writeInt(request.hop());
    RowValues.writeString(request.path(), out);
    out.writeLong(request.seedTimeMillis());
    out.writeLong(request.commitTimeMillis());
    out.writeInt(request.budget());
    out.writeLong(request.credit());
  }

  @Override
  public HopRequest deserialize(DataInputView in) throws IOException {
    String exampleId = RowValues.readString(in);
    String node = RowValues.readString(in);
    String via = RowValues.readString(in);
    RowRole role = ROLES[in.readByte()];
    int hop = in.readInt();
    String path = RowValues.readString(in);
    long seedTime = in.readLong();
    long commitTime = in.readLong();
    int budget = in.readInt();
    return new HopRequest(exampleId, node, via, role, hop, path, seedTime, commitTime, budget, in.readLong());
  }

  @Override
  public TypeSerializerSnapshot<HopRequest> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<HopRequest> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** Makes Flink use this serializer wherever a {@link HopRequest} is serialized. */
  public static final class Factory extends TypeInfoFactory<HopRequest> {
    @Override
    public TypeInformation<HopRequest> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return new CompactTypeInfo<>(HopRequest.class, INSTANCE);
    }
  }
}
