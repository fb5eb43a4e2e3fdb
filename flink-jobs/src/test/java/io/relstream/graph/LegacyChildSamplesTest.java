package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.HopFunction;
import io.relstream.sampling.HopOperator;
import io.relstream.sampling.HopRequest;
import io.relstream.sampling.SamplingConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restores a snapshot whose child samples are in the earlier layout, a map state with one entry per
 * child table, into the graph operators, with the heap and the RocksDB state backends.
 */
class LegacyChildSamplesTest {
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(4, 1_000, 16));

  static Stream<StateBackend> backends() {
    return Stream.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void seedOperatorMovesSamplesOnRestore(StateBackend backend) throws Exception {
    OperatorSubtaskState legacy = legacySnapshot(backend);
    try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
        new NodeGraphOperator(new NodeGraphFunction(CONFIG)), GraphUpdate::target, Types.STRING)) {
      restored.setStateBackend(backend);
      restored.initializeState(legacy);
      restored.open();

      assertThat(legacyKeys(restored)).as("nodes left in the earlier layout").isZero();

      restored.processElement(new GraphUpdate(GraphUpdate.Kind.UPSERT, "races/1", new Object[] {1L, "x"}, 500,
          1_000L, Map.of(), null, false), 0);
      List<StreamRecord<HopRequest>> requests = List.copyOf(restored.getSideOutput(GraphOutputs.HOP_REQUESTS));
      assertThat(requests).extracting(r -> r.getValue().node()).containsExactly("results/11", "results/10");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void hopOperatorMovesSamplesOnRestore(StateBackend backend) throws Exception {
    OperatorSubtaskState legacy = legacySnapshot(backend);
    try (var restored = new KeyedTwoInputStreamOperatorTestHarness<>(
        new HopOperator(new HopFunction(1, CONFIG)), GraphUpdate::target, HopRequest::node, Types.STRING)) {
      restored.setStateBackend(backend);
      restored.initializeState(legacy);
      restored.open();

      assertThat(legacyKeys(restored)).as("nodes left in the earlier layout").isZero();
      KeyedStateBackend<String> state = keyedBackend(restored);
      state.setCurrentKey("races/1");
      TreeMap<String, ChildSample> samples = state.getPartitionedState(
          VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, NodeStore.samplesDescriptor()).value();
      assertThat(samples).containsOnlyKeys("results");
      assertThat(samples.get("results").entries).extracting(e -> e.node).containsExactly("results/11", "results/10");
      assertThat(samples.get("results").count).isEqualTo(2);
    }
  }

  /** Writes the samples of races/1 as the earlier layout did, and takes a snapshot. */
  private static OperatorSubtaskState legacySnapshot(StateBackend backend) throws Exception {
    try (var writer = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new LegacyWriter()), (String node) -> node, Types.STRING)) {
      writer.setStateBackend(backend);
      writer.open();
      writer.processElement("races/1", 0);
      return writer.snapshot(1, 1);
    }
  }

  private static long legacyKeys(AbstractStreamOperatorTestHarness<?> harness) {
    try (Stream<String> keys = keyedBackend(harness).getKeys(LegacyChildSamples.DESCRIPTOR.getName(), VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static KeyedStateBackend<String> keyedBackend(AbstractStreamOperatorTestHarness<?> harness) {
    return harness.getOperator().<String>getKeyedStateBackend();
  }

  /** Keeps a node's samples as the job did before they became one value. */
  private static final class LegacyWriter extends KeyedProcessFunction<String, String, ExamplePiece> {
    private transient MapState<String, ChildSample> children;

    @Override
    public void open(org.apache.flink.configuration.Configuration parameters) {
      children = getRuntimeContext().getMapState(LegacyChildSamples.DESCRIPTOR);
    }

    @Override
    public void processElement(String node, Context context, Collector<ExamplePiece> out) throws Exception {
      ChildSample results = new ChildSample();
      results.count = 2;
      results.entries.add(new ChildEntry("results/11", 300));
      results.entries.add(new ChildEntry("results/10", 100));
      children.put("results", results);
    }
  }
}
