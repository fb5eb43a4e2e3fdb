package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.ExampleRow;
import io.relstream.sampling.ParentRequest;
import io.relstream.sampling.PartialExample;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Graph-state updates through Flink's operator harness: edges in both directions, snapshot and restore. */
class NodeGraphFunctionTest {
  private static final int CHILDREN_PER_TABLE = 2;

  @Test
  void foreignKeyMoveSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(upsert("races/1", 100, Map.of()), 0);
      harness.processElement(upsert("races/2", 200, Map.of()), 0);
      harness.processElement(child("races/1", "results/10", 100, true), 0);
      harness.processElement(child("races/1", "results/11", 100, true), 0);
      snapshot = harness.snapshot(1, 1);
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
      assertThat(childKeys(restored, "races/1")).containsExactly("11");
      assertThat(childKeys(restored, "races/2")).containsExactly("10");
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
      assertThat(childKeys(harness, "drivers/1")).isEmpty();
    }
  }

  @Test
  void seedRequestsParentsAndHidesFutureChildren() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(child("races/1", "results/10", 100, true), 0);
      harness.processElement(child("races/1", "results/11", 300, true), 0);
      harness.processElement(upsert("races/1", 200, Map.of("circuitId", "circuits/4")), 0);

      PartialExample seed = lastPartial(harness);
      assertThat(seed.seedTimeMillis()).isEqualTo(200);
      assertThat(seed.children()).extracting(ExampleRow::key).containsExactly("10");
      assertThat(seed.parents()).containsExactly("circuits/4");
      assertThat(harness.getSideOutput(GraphOutputs.PARENT_REQUESTS))
          .extracting(StreamRecord::getValue)
          .containsExactly(new ParentRequest(seed.exampleId(), "circuits/4", 200));
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

      assertThat(childKeys(harness, "drivers/1")).containsExactly("11", "12");
      assertThat(summary(harness, "drivers/1").inDegree()).containsExactly(Map.entry("results", 3L));
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, PartialExample> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new NodeGraphFunction(CHILDREN_PER_TABLE)), GraphUpdate::target, Types.STRING);
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

  private static NodeSummary summary(KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, PartialExample> harness, String node) {
    List<NodeSummary> summaries = harness.getSideOutput(GraphOutputs.NODE_SUMMARIES).stream()
        .map(StreamRecord::getValue).filter(s -> s.node().equals(node)).toList();
    assertThat(summaries).as("summaries of %s", node).isNotEmpty();
    return summaries.get(summaries.size() - 1);
  }

  private static List<String> childKeys(KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, PartialExample> harness, String node) {
    List<PartialExample> partials = harness.extractOutputValues().stream()
        .filter(p -> (p.seedTable() + "/" + p.seedKey()).equals(node)).toList();
    assertThat(partials).as("partial examples of %s", node).isNotEmpty();
    return partials.get(partials.size() - 1).children().stream().map(ExampleRow::key).toList();
  }

  private static PartialExample lastPartial(KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, PartialExample> harness) {
    List<PartialExample> partials = harness.extractOutputValues();
    return partials.get(partials.size() - 1);
  }
}
