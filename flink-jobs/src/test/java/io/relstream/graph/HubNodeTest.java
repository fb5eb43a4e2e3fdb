package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.RowRole;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.HopFunction;
import io.relstream.sampling.HopRequest;
import io.relstream.sampling.SamplingConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * One parent with a million children through the seed and first hop operators: every child's
 * message costs the same few state accesses, however many children came before, and the parent's
 * example still takes only its most recent children.
 */
class HubNodeTest {
  private static final int CHILDREN = 1_000_000;
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 16, 4, 32, new HistoryBounds(8, 0, 64));
  private static final String HUB = "status/1";

  @Test
  void hubChildrenCostFlatStateAccesses() throws Exception {
    GraphStateMetrics metrics = new GraphStateMetrics();
    try (var seeds = seedHarness(metrics); var hop = hopHarness()) {
      seeds.open();
      hop.open();
      for (int i = 0; i < CHILDREN; i++) {
        // Mostly ascending times, with every tenth child late by a few steps.
        long eventTime = i % 10 == 0 ? i - 5 : i;
        GraphUpdate child = new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, HUB, null, eventTime, 0, null,
            "results/" + i, true);
        seeds.processElement(child, 0);
        hop.processElement1(child, 0);
      }
      GraphUpdate hubRow = new GraphUpdate(GraphUpdate.Kind.UPSERT, HUB, new Object[] {1L, "Finished"},
          Long.MIN_VALUE, 2_000_000, Map.of(), null, false);
      seeds.processElement(hubRow, 0);
      hop.processElement1(hubRow, 0);
      hop.processElement2(new HopRequest("results/5#1@1", HUB, "results/5", RowRole.PARENT, 1, "0000", 500_000, 1,
          8, 1_000), 0);

      assertThat(metrics.maxAccessesPerUpdate()).as("most state accesses of one update").isLessThanOrEqualTo(3L);
      assertThat(metrics.accesses()).as("state accesses of all updates")
          .isLessThanOrEqualTo(2L * CHILDREN + 4);
      List<HopRequest> requests = seeds.getSideOutput(GraphOutputs.HOP_REQUESTS).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(requests).extracting(HopRequest::node).containsExactly(
          "results/999999", "results/999998", "results/999997", "results/999996", "results/999995",
          "results/999994", "results/999993", "results/999992", "results/999991", "results/999989",
          "results/999988", "results/999987", "results/999986", "results/999985", "results/999990",
          "results/999984");
      NodeSummary summary = seeds.getSideOutput(GraphOutputs.NODE_SUMMARIES).peek().getValue();
      assertThat(summary.inDegree()).containsExactly(Map.entry("results", (long) CHILDREN));
      // A seed older than the kept children finds none of them and leaves them out.
      assertThat(hop.getSideOutput(GraphOutputs.HOP_REQUESTS)).isNull();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> seedHarness(
      GraphStateMetrics metrics) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new NodeGraphFunction(CONFIG)),
        GraphUpdate::target, Types.STRING, metrics.environment());
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> hopHarness()
      throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new HopFunction(1, CONFIG)),
        GraphUpdate::target, HopRequest::node, Types.STRING);
  }
}
