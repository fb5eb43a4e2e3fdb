package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.cdc.RowChangeSerializer;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.ExampleSerializer;
import io.relstream.sampling.HopRequest;
import io.relstream.serialization.CompactTypeInfo;
import io.relstream.serialization.RowValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Round trips through the compact serializers of the graph and sampling types. */
class CompactSerializersTest {
  private static final Object[] VALUES = {7L, 2.5, "Monza", true, false, null, 3, new BigDecimal("1.25"), ""};

  @Test
  void annotatedTypesUseCompactSerializers() {
    assertThat(TypeInformation.of(GraphUpdate.class).createSerializer(new org.apache.flink.api.common.ExecutionConfig()))
        .isSameAs(GraphUpdateSerializer.INSTANCE);
    assertThat(TypeInformation.of(NodeRow.class)).isInstanceOf(CompactTypeInfo.class);
    assertThat(TypeInformation.of(ChildSample.class)).isInstanceOf(CompactTypeInfo.class);
    assertThat(TypeInformation.of(HopRequest.class)).isInstanceOf(CompactTypeInfo.class);
    assertThat(TypeInformation.of(ExamplePiece.class)).isInstanceOf(CompactTypeInfo.class);
  }

  @Test
  void graphUpdateRoundTrips() throws IOException {
    Map<String, String> parents = new LinkedHashMap<>();
    parents.put("raceId", "races/1");
    parents.put("driverId", "drivers/4");
    GraphUpdate upsert = new GraphUpdate(GraphUpdate.Kind.UPSERT, "results/9", VALUES, 100, 200, parents, null, false);
    GraphUpdate child = new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, "races/1", null, -5, 0, null, "results/9", true);

    GraphUpdate upsertBack = roundTrip(GraphUpdateSerializer.INSTANCE, upsert);
    GraphUpdate childBack = roundTrip(GraphUpdateSerializer.INSTANCE, child);

    assertThat(upsertBack.values()).containsExactly(VALUES);
    assertThat(upsertBack.parents()).containsExactly(Map.entry("raceId", "races/1"), Map.entry("driverId", "drivers/4"));
    assertThat(upsertBack).usingRecursiveComparison().isEqualTo(upsert);
    assertThat(childBack).usingRecursiveComparison().isEqualTo(child);
    assertThat(GraphUpdateSerializer.INSTANCE.copy(upsert)).usingRecursiveComparison().isEqualTo(upsert);
  }

  @Test
  void nodeRowRoundTrips() throws IOException {
    NodeRow node = new NodeRow();
    node.versions.add(new RowVersion(VALUES, 10, 20, Map.of("raceId", "races/1")));
    node.versions.add(new RowVersion(new Object[] {1L}, 30, 40, Map.of()));
    node.truncated = true;
    node.version = 12;

    NodeRow back = roundTrip(NodeRowSerializer.INSTANCE, node);

    assertThat(back).usingRecursiveComparison().isEqualTo(node);
    assertThat(NodeRowSerializer.INSTANCE.copy(node)).usingRecursiveComparison().isEqualTo(node);
    assertThat(roundTrip(NodeRowSerializer.INSTANCE, new NodeRow())).usingRecursiveComparison().isEqualTo(new NodeRow());
  }

  @Test
  void childSampleRoundTrips() throws IOException {
    ChildSample sample = new ChildSample();
    sample.count = 70;
    sample.truncated = true;
    sample.entries.add(new ChildEntry("results/3", 300));
    sample.entries.add(new ChildEntry("results/2", 200));

    assertThat(roundTrip(ChildSampleSerializer.INSTANCE, sample)).usingRecursiveComparison().isEqualTo(sample);
    assertThat(ChildSampleSerializer.INSTANCE.copy(sample)).usingRecursiveComparison().isEqualTo(sample);
  }

  @Test
  void childValuesRoundTrip() throws IOException {
    ChildSample sample = new ChildSample();
    sample.count = 3;
    sample.entries.add(new ChildEntry("results/3", 300, VALUES));
    sample.entries.add(new ChildEntry("results/2", 200));

    ChildSample back = roundTrip(ChildSampleSerializer.INSTANCE, sample);

    assertThat(back).usingRecursiveComparison().isEqualTo(sample);
    assertThat(back.truncated).isFalse();
    assertThat(ChildSampleSerializer.INSTANCE.copy(sample).entries.get(0).values)
        .isEqualTo(VALUES).isNotSameAs(VALUES);
  }

  @Test
  void earlierSampleLayoutReads() throws IOException {
    // The layout before child values: count, a boolean for truncated, then node and time per entry.
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeLong(70);
    out.writeBoolean(true);
    out.writeInt(1);
    RowValues.writeString("results/3", out);
    out.writeLong(300);

    ChildSample back = ChildSampleSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(back.count).isEqualTo(70);
    assertThat(back.truncated).isTrue();
    assertThat(back.entries).singleElement().satisfies(entry -> {
      assertThat(entry.node).isEqualTo("results/3");
      assertThat(entry.eventTime).isEqualTo(300);
      assertThat(entry.values).isNull();
    });
  }

  @Test
  void childSamplesRoundTripInTableOrder() throws IOException {
    ChildSample results = new ChildSample();
    results.count = 2;
    results.entries.add(new ChildEntry("results/3", 300));
    ChildSample qualifying = new ChildSample();
    qualifying.count = 1;
    qualifying.truncated = true;
    TreeMap<String, ChildSample> samples = new TreeMap<>(Map.of("results", results, "qualifying", qualifying));

    TreeMap<String, ChildSample> back = roundTrip(ChildSamplesSerializer.INSTANCE, samples);
    TreeMap<String, ChildSample> copy = ChildSamplesSerializer.INSTANCE.copy(samples);

    assertThat(back).usingRecursiveComparison().isEqualTo(samples);
    assertThat(back.keySet()).containsExactly("qualifying", "results");
    assertThat(copy).usingRecursiveComparison().isEqualTo(samples);
    assertThat(copy.get("results")).isNotSameAs(results);
    assertThat(roundTrip(ChildSamplesSerializer.INSTANCE, new TreeMap<>())).isEmpty();
  }

  @Test
  void requestPieceAndExampleRoundTrip() throws IOException {
    HopRequest request = new HopRequest("races/1#1@5", "results/9", "races/1", RowRole.CHILD, 1, "0003", 100, 5, 4, 99);
    ExampleRow seed = new ExampleRow("races", "1", RowRole.SEED, 0, 100, VALUES);
    ExampleRow child = new ExampleRow("results", "9", RowRole.CHILD, 1, 90, new Object[] {null}, "races/1");
    ExamplePiece withRow = new ExamplePiece("races/1#1@5", "0003", child, 100, 5, 99);
    ExamplePiece withoutRow = new ExamplePiece("races/1#1@5", "0004", null, 100, 5, 1);
    Example example = new Example("races", "1", 100, 5, List.of(seed, child));
    ExamplePiece reembedPiece = new ExamplePiece("races/1#1@5", "", seed, 100, 5, 99, 70);
    Example reembedding = new Example("races", "1", 100, 5, List.of(seed, child), 70);

    assertThat(roundTrip(io.relstream.sampling.HopRequestSerializer.INSTANCE, request)).isEqualTo(request);
    assertThat(roundTrip(io.relstream.sampling.ExamplePieceSerializer.INSTANCE, withRow)).isEqualTo(withRow);
    assertThat(roundTrip(io.relstream.sampling.ExamplePieceSerializer.INSTANCE, withoutRow)).isEqualTo(withoutRow);
    assertThat(roundTrip(ExampleSerializer.INSTANCE, example)).isEqualTo(example);
    assertThat(ExampleSerializer.INSTANCE.copy(example)).isEqualTo(example);
    assertThat(roundTrip(io.relstream.sampling.ExamplePieceSerializer.INSTANCE, reembedPiece)).isEqualTo(reembedPiece);
    assertThat(roundTrip(ExampleSerializer.INSTANCE, reembedding)).isEqualTo(reembedding);
    assertThat(ExampleSerializer.INSTANCE.copy(reembedding)).isEqualTo(reembedding);
  }

  @Test
  void rowChangesRoundTrip() throws IOException {
    RowChange update = new RowChange("results", RowChange.Kind.UPDATE, new Object[] {1L, "a"}, VALUES, 50, false);
    RowChange read = new RowChange("races", RowChange.Kind.INSERT, null, new Object[] {1L}, 60, true);
    RowChange unusable = RowChange.unusable("races", RowChange.Kind.DELETE, new Object[] {"x"}, 70, "no key");
    TimedChange timed = new TimedChange(update, 40);
    PendingChange pending = new PendingChange(read, 90);

    assertThat(roundTrip(RowChangeSerializer.INSTANCE, update)).isEqualTo(update);
    assertThat(roundTrip(RowChangeSerializer.INSTANCE, read)).isEqualTo(read);
    RowChange unusableBack = roundTrip(RowChangeSerializer.INSTANCE, unusable);
    assertThat(unusableBack).isEqualTo(unusable);
    assertThat(unusableBack.problem()).isEqualTo("no key");
    assertThat(roundTrip(TimedChangeSerializer.INSTANCE, timed)).isEqualTo(timed);
    assertThat(roundTrip(PendingChangeSerializer.INSTANCE, pending)).isEqualTo(pending);
    assertThat(TypeInformation.of(RowChange.class)).isInstanceOf(CompactTypeInfo.class);
  }

  @Test
  void snapshotRestoresSameSerializer() throws IOException {
    TypeSerializerSnapshot<NodeRow> snapshot = NodeRowSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

    TypeSerializerSnapshot<NodeRow> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(read.restoreSerializer()).isSameAs(NodeRowSerializer.INSTANCE);
    assertThat(NodeRowSerializer.INSTANCE.snapshotConfiguration()
        .resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    return back;
  }
}
