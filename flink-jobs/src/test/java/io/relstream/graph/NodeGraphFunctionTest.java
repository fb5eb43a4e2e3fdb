package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.ExampleRow;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.HopRequest;
import io.relstream.sampling.SamplingConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The seed operator through Flink's operator harness: edges in both directions, seeds, snapshot and
 * restore. The harnesses run {@link NodeGraphOperator}, whose node cache is write-behind.
 */
class NodeGraphFunctionTest {
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(4, 1_000, 16));

  @Test
  void foreignKeyMoveSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(upsert("races/1", 100, Map.of()), 0);
      harness.processElement(upsert("races/2", 200, Map.of()), 0);
      harness.processElement(child("races/1", "results/10", 100, true), 0);
      harness.processElement(child("races/1", "results/11", 100, true), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries before a snapshot").isZero();

      snapshot = checkpoint(harness);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      // results/10 moves from race 1 to race 2: the router sends a removal and an upsert.
      restored.processElement(removal("races/1", "results/10"), 0);
      restored.processElement(child("races/2", "results/10", 200, true), 0);
      restored.processElement(upsert("races/1", 100, Map.of()), 0);
      restored.processElement(upsert("races/2", 200, Map.of()), 0);

      assertThat(summary(restored, "races/1").inDegree()).containsExactly(Map.entry("results", 1L));
      assertThat(summary(restored, "races/2").inDegree()).containsExactly(Map.entry("results", 1L));
      assertThat(summary(restored, "races/2").version()).as("version after restore").isEqualTo(2);
      assertThat(requestedNodes(restored, "races/1")).containsExactly("results/11");
      assertThat(requestedNodes(restored, "races/2")).containsExactly("results/10");
    }
  }

  @Test
  void deleteEmitsDeletionAndClearsEdges() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(upsert("drivers/1", Long.MIN_VALUE, Map.of()), 0);
      harness.processElement(child("drivers/1", "results/10", 100, true), 0);
      harness.processElement(upsert("results/10", 100, Map.of("driverId", "drivers/1")), 0);
      harness.processElement(delete("results/10"), 0);
      harness.processElement(removal("drivers/1", "results/10"), 0);
      harness.processElement(upsert("drivers/1", Long.MIN_VALUE, Map.of()), 0);

      assertThat(harness.getSideOutput(GraphOutputs.DELETIONS))
          .extracting(StreamRecord::getValue)
          .containsExactly(new Deletion("results", "10", 7L));
      assertThat(summary(harness, "drivers/1").inDegree()).isEmpty();
      assertThat(requestedNodes(harness, "drivers/1")).isEmpty();
      checkpoint(harness);

      assertThat(harness.numKeyedStateEntries()).as("state entries of drivers/1 only").isEqualTo(1);
    }
  }

  @Test
  void seedRequestsParentsAndPastChildren() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(child("races/1", "results/10", 100, true), 0);
      harness.processElement(child("races/1", "results/11", 300, true), 0);
      harness.processElement(upsert("races/1", 200, Map.of("circuitId", "circuits/4")), 0);

      List<ExamplePiece> seeds = harness.extractOutputValues();
      assertThat(seeds).hasSize(1);
      assertThat(seeds.get(0).seedTimeMillis()).isEqualTo(200);
      assertThat(seeds.get(0).row()).extracting(ExampleRow::table, ExampleRow::key).containsExactly("races", "1");
      assertThat(requests(harness)).extracting(HopRequest::node, HopRequest::seedTimeMillis, HopRequest::via)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("circuits/4", 200L, "races/1"),
              org.assertj.core.groups.Tuple.tuple("results/10", 200L, "races/1"));
      long credit = seeds.get(0).credit() + requests(harness).stream().mapToLong(HopRequest::credit).sum();
      assertThat(credit).as("credit of the seed and its requests").isEqualTo(NodeGraphFunction.FULL_CREDIT);
    }
  }

  @Test
  void childSampleKeepsMostRecent() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(child("drivers/1", "results/10", 100, true), 0);
      harness.processElement(child("drivers/1", "results/11", 300, true), 0);
      harness.processElement(child("drivers/1", "results/12", 200, true), 0);
      harness.processElement(upsert("drivers/1", Long.MIN_VALUE, Map.of()), 0);

      assertThat(requestedNodes(harness, "drivers/1")).containsExactly("results/11", "results/12");
      assertThat(summary(harness, "drivers/1").inDegree()).containsExactly(Map.entry("results", 3L));
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new NodeGraphOperator(new NodeGraphFunction(CONFIG)), GraphUpdate::target, Types.STRING);
  }

  /** Takes a snapshot as a task does: the operator first prepares for the barrier, then its state is copied. */
  private static OperatorSubtaskState checkpoint(
      KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness) throws Exception {
    harness.prepareSnapshotPreBarrier(1);
    return harness.snapshot(1, 1);
  }

  private static GraphUpdate upsert(String node, long eventTime, Map<String, String> parents) {
    // Committed at 1000, after every event time in these tests, as a live change would be.
    return new GraphUpdate(GraphUpdate.Kind.UPSERT, node, new Object[] {1L, "x"}, eventTime, 1_000L, parents, null, false);
  }

  private static GraphUpdate delete(String node) {
    return new GraphUpdate(GraphUpdate.Kind.DELETE, node, null, 100, 7L, Map.of(), null, false);
  }

  private static GraphUpdate child(String parent, String child, long eventTime, boolean newEdge) {
    return new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, parent, new Object[] {2L, "y"}, eventTime, 7L, null, child, newEdge);
  }

  private static GraphUpdate removal(String parent, String child) {
    return new GraphUpdate(GraphUpdate.Kind.CHILD_REMOVE, parent, null, 100, 7L, null, child, false);
  }

  private static NodeSummary summary(KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness, String node) {
    List<NodeSummary> summaries = harness.getSideOutput(GraphOutputs.NODE_SUMMARIES).stream()
        .map(StreamRecord::getValue).filter(s -> s.node().equals(node)).toList();
    assertThat(summaries).as("summaries of %s", node).isNotEmpty();
    return summaries.get(summaries.size() - 1);
  }

  private static List<HopRequest> requests(KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness) {
    var records = harness.getSideOutput(GraphOutputs.HOP_REQUESTS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  /** Returns the nodes requested by the last example seeded at a node. */
  private static List<String> requestedNodes(
      KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness, String node) {
    List<ExamplePiece> seeds = harness.extractOutputValues().stream()
        .filter(p -> (p.row().table() + "/" + p.row().key()).equals(node)).toList();
    assertThat(seeds).as("seeds of %s", node).isNotEmpty();
    String exampleId = seeds.get(seeds.size() - 1).exampleId();
    return requests(harness).stream().filter(r -> r.exampleId().equals(exampleId)).map(HopRequest::node).toList();
  }
}
