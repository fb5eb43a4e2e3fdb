package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.GraphUpdate;
import io.relstream.graph.HistoryBounds;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A hop operator through Flink's operator harness: rows as of the seed time, next-hop requests,
 * children emitted from the sample's values, restore. The harnesses run {@link HopOperator},
 * whose node cache is write-behind, unless a test names another operator.
 */
class HopFunctionTest {
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 4, 2, 32, new HistoryBounds(4, 1_000, 16));
  private static final Object[] OLD_RACE = {1L, "old"};
  private static final Object[] NEW_RACE = {1L, "new"};

  @Test
  void stateSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(1)) {
      harness.open();
      fourChildren(harness);
      snapshot = checkpoint(harness);
    }

    try (var restored = harness(1)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(request("races/1", "results/10", 200, 8), 0);

      List<ExamplePiece> pieces = restored.extractOutputValues();
      assertThat(pieces).extracting(ExamplePiece::path, ExamplePiece::row, ExamplePiece::credit)
          .containsExactlyInAnyOrder(
              tuple("0000", new ExampleRow("races", "1", RowRole.PARENT, 1, 100, OLD_RACE, "results/10"), 1L),
              tuple("0000.0001",
                  new ExampleRow("results", "11", RowRole.CHILD, 2, 100, childValues("results/11"), "races/1"), 33L),
              tuple("0000.0002",
                  new ExampleRow("results", "12", RowRole.CHILD, 2, 100, childValues("results/12"), "races/1"), 33L));
      assertThat(requests(restored)).extracting(HopRequest::node, HopRequest::role, HopRequest::path, HopRequest::budget)
          .containsExactly(tuple("circuits/4", RowRole.PARENT, "0000.0000", 2));
      assertThat(requests(restored)).extracting(HopRequest::credit).containsExactly(33L);
    }
  }

  @Test
  void childrenRequestedWithoutChildValues() throws Exception {
    try (var harness = harness(new HopOperator(new HopFunction(1, CONFIG.withChildValues(false))))) {
      harness.open();
      fourChildren(harness);
      harness.processElement2(request("races/1", "results/10", 200, 8), 0);

      List<ExamplePiece> pieces = harness.extractOutputValues();
      assertThat(pieces).extracting(ExamplePiece::row).containsExactly(
          new ExampleRow("races", "1", RowRole.PARENT, 1, 100, OLD_RACE, "results/10"));
      assertThat(pieces.get(0).credit()).as("credit left after the requests").isEqualTo(1L);
      assertThat(requests(harness)).extracting(HopRequest::node, HopRequest::role, HopRequest::path, HopRequest::budget)
          .containsExactly(
              tuple("circuits/4", RowRole.PARENT, "0000.0000", 2),
              tuple("results/11", RowRole.CHILD, "0000.0001", 2),
              tuple("results/12", RowRole.CHILD, "0000.0002", 1));
      assertThat(requests(harness)).extracting(HopRequest::credit).containsExactly(33L, 33L, 33L);
    }
  }

  @Test
  void valuesUnusedAfterMoreHops() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(1)) {
      harness.open();
      fourChildren(harness);
      snapshot = checkpoint(harness);
    }

    SamplingConfig threeHops = new SamplingConfig(3, 4, 2, 32, CONFIG.bounds());
    try (var restored = harness(new HopOperator(new HopFunction(1, threeHops)))) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(request("races/1", "results/10", 200, 8), 0);

      assertThat(restored.extractOutputValues()).extracting(ExamplePiece::row).containsExactly(
          new ExampleRow("races", "1", RowRole.PARENT, 1, 100, OLD_RACE, "results/10"));
      assertThat(requests(restored)).extracting(HopRequest::node)
          .containsExactly("circuits/4", "results/11", "results/12");
    }
  }

  @Test
  void childPieceCarriesLatestValues() throws Exception {
    Object[] corrected = {11L, "corrected"};
    try (var harness = harness(1)) {
      harness.open();
      fourChildren(harness);
      harness.processElement1(new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, "races/1", corrected, 100, 9, null,
          "results/11", false), 0);
      harness.processElement2(request("races/1", "results/10", 200, 8), 0);

      assertThat(harness.extractOutputValues()).extracting(ExamplePiece::row)
          .filteredOn(row -> row.role() == RowRole.CHILD)
          .extracting(ExampleRow::key, ExampleRow::values)
          .containsExactly(tuple("11", corrected), tuple("12", childValues("results/12")));
    }
  }

  @Test
  void changesReachStateAtSnapshot() throws Exception {
    try (var harness = harness(1)) {
      harness.open();
      harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of()), 0);
      harness.processElement1(child("races/1", "results/10", 100), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries before a snapshot").isZero();

      checkpoint(harness);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after a snapshot").isEqualTo(2);
    }
  }

  @Test
  void evictedNodeIsReadBack() throws Exception {
    SamplingConfig oneNode = new SamplingConfig(2, 4, 2, 32, CONFIG.bounds(), 1);
    try (var harness = harness(new HopOperator(new HopFunction(1, oneNode)))) {
      harness.open();
      harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of()), 0);
      harness.processElement1(child("races/1", "results/10", 100), 0);
      harness.processElement1(upsert("races/2", NEW_RACE, 100, Map.of()), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the eviction").isEqualTo(2);

      harness.processElement2(request("races/1", "results/11", 200, 8), 0);

      assertThat(harness.extractOutputValues()).extracting(ExamplePiece::row).containsExactlyInAnyOrder(
          new ExampleRow("results", "10", RowRole.CHILD, 2, 100, childValues("results/10"), "races/1"),
          new ExampleRow("races", "1", RowRole.PARENT, 1, 100, OLD_RACE, "results/11"));
      assertThat(requests(harness)).as("requests: the child's values were read back with the sample").isEmpty();
    }
  }

  @Test
  void plainOperatorStateRestores() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(new KeyedCoProcessOperator<>(new HopFunction(1, CONFIG)))) {
      harness.open();
      harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of()), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the upsert").isEqualTo(1);

      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness(1)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(request("races/1", "results/10", 200, 8), 0);

      assertThat(restored.extractOutputValues()).extracting(ExamplePiece::row).containsExactly(
          new ExampleRow("races", "1", RowRole.PARENT, 1, 100, OLD_RACE, "results/10"));
    }
  }

  @Test
  void lastHopServesRowsOnly() throws Exception {
    try (var harness = harness(2)) {
      harness.open();
      harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of("circuitId", "circuits/4")), 0);
      harness.processElement1(child("races/1", "results/10", 100), 0);
      harness.processElement2(request("races/1", "results/10", 200, 8), 0);

      assertThat(harness.extractOutputValues()).extracting(ExamplePiece::credit).containsExactly(100L);
      assertThat(requests(harness)).isEmpty();
    }
  }

  @Test
  void rowNewerThanSeedIsAbsent() throws Exception {
    try (var harness = harness(1)) {
      harness.open();
      harness.processElement1(upsert("races/1", NEW_RACE, 300, Map.of()), 0);
      harness.processElement2(request("races/1", "results/10", 200, 8), 0);

      List<ExamplePiece> pieces = harness.extractOutputValues();
      assertThat(pieces).hasSize(1);
      assertThat(pieces.get(0).row()).isNull();
      assertThat(pieces.get(0).credit()).isEqualTo(100L);
      assertThat(requests(harness)).isEmpty();
    }
  }

  @Test
  void deletedRowIsAbsent() throws Exception {
    try (var harness = harness(1)) {
      harness.open();
      harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of()), 0);
      harness.processElement1(new GraphUpdate(GraphUpdate.Kind.DELETE, "races/1", null, 100, 9, Map.of(), null, false), 0);
      harness.processElement2(request("races/1", "results/10", 200, 8), 0);

      assertThat(harness.extractOutputValues()).extracting(ExamplePiece::row).containsOnlyNulls();
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> harness(int hop)
      throws Exception {
    return harness(new HopOperator(new HopFunction(hop, CONFIG)));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> harness(
      KeyedCoProcessOperator<String, GraphUpdate, HopRequest, ExamplePiece> operator) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(operator, GraphUpdate::target, HopRequest::node, Types.STRING);
  }

  /** Takes a snapshot as a task does: the operator first prepares for the barrier, then its state is copied. */
  private static OperatorSubtaskState checkpoint(
      KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> harness) throws Exception {
    harness.prepareSnapshotPreBarrier(1);
    return harness.snapshot(1, 1);
  }

  private static List<HopRequest> requests(
      KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> harness) {
    var records = harness.getSideOutput(GraphOutputs.HOP_REQUESTS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static GraphUpdate upsert(String node, Object[] values, long eventTime, Map<String, String> parents) {
    return new GraphUpdate(GraphUpdate.Kind.UPSERT, node, values, eventTime, 9, parents, null, false);
  }

  /** Gives races/1 a parent, an older and a newer version, and four children, one newer than 200. */
  private static void fourChildren(
      KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece> harness) throws Exception {
    harness.processElement1(upsert("races/1", OLD_RACE, 100, Map.of("circuitId", "circuits/4")), 0);
    harness.processElement1(upsert("races/1", NEW_RACE, 300, Map.of("circuitId", "circuits/4")), 0);
    harness.processElement1(child("races/1", "results/10", 100), 0);
    harness.processElement1(child("races/1", "results/11", 100), 0);
    harness.processElement1(child("races/1", "results/12", 100), 0);
    harness.processElement1(child("races/1", "results/13", 300), 0);
  }

  private static GraphUpdate child(String parent, String child, long eventTime) {
    return new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, parent, childValues(child), eventTime, 9, null, child, true);
  }

  private static Object[] childValues(String child) {
    return new Object[] {child, 0L};
  }

  private static HopRequest request(String node, String via, long seedTime, int budget) {
    return new HopRequest("results/10#1@9", node, via, RowRole.PARENT, 1, "0000", seedTime, 9, budget, 100);
  }
}
