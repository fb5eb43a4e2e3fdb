package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relstream.cdc.RowChange;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Routing of row changes to graph nodes, and of unusable changes to the dead-letter output. */
class GraphRouterTest {
  private static final long EVENT_TIME = 1_000;
  private static final long COMMIT_TIME = 5_000;

  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("races",
          List.of(column("raceId", SemanticType.KEY), column("date", SemanticType.TIMESTAMP)),
          List.of("raceId"), List.of(), "date", null),
      new TableSchema("drivers",
          List.of(column("driverId", SemanticType.KEY), column("surname", SemanticType.TEXT)),
          List.of("driverId"), List.of(), null, null),
      new TableSchema("results",
          List.of(column("resultId", SemanticType.KEY), column("raceId", SemanticType.KEY),
              column("driverId", SemanticType.KEY), column("points", SemanticType.NUMERIC)),
          List.of("resultId"),
          List.of(new ForeignKey(List.of("raceId"), "races", List.of("raceId")),
              new ForeignKey(List.of("driverId"), "drivers", List.of("driverId"))),
          null, new TimeVia("raceId", "races", "date"))));

  @Test
  void insertFansOutToParents() throws Exception {
    Object[] row = {10L, 1L, 7L, 25.0};
    try (var harness = harness()) {
      harness.processElement(timed(insert(row)), 0);

      List<GraphUpdate> updates = harness.extractOutputValues();
      assertThat(updates)
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.UPSERT, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "races/1", "results/10", true),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "drivers/7", "results/10", true));
      assertThat(updates.get(0).parents())
          .containsExactly(Map.entry("raceId", "races/1"), Map.entry("driverId", "drivers/7"));
      assertThat(updates.get(0).values()).as("values of the upsert").isEqualTo(row);
      assertThat(updates.subList(1, 3)).extracting(GraphUpdate::values).as("values of the child messages")
          .containsOnly(row);
      assertThat(updates).extracting(GraphUpdate::eventTimeMillis).containsOnly(EVENT_TIME);
      assertThat(updates).extracting(GraphUpdate::commitTimeMillis).containsOnly(COMMIT_TIME);
    }
  }

  @Test
  void insertSkipsNullForeignKey() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(insert(new Object[] {10L, 1L, null, 25.0})), 0);

      List<GraphUpdate> updates = harness.extractOutputValues();
      assertThat(updates)
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.UPSERT, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "races/1", "results/10", true));
      assertThat(updates.get(0).parents()).containsExactly(Map.entry("raceId", "races/1"));
    }
  }

  @Test
  void foreignKeyMoveRemovesOldEdge() throws Exception {
    Object[] before = {10L, 1L, 7L, 25.0};
    Object[] after = {10L, 2L, 7L, 25.0};
    try (var harness = harness()) {
      harness.processElement(timed(update(before, after)), 0);

      List<GraphUpdate> updates = harness.extractOutputValues();
      assertThat(updates)
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.UPSERT, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_REMOVE, "races/1", "results/10", false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "races/2", "results/10", true),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "drivers/7", "results/10", false));
      assertThat(updates.get(0).parents())
          .containsExactly(Map.entry("raceId", "races/2"), Map.entry("driverId", "drivers/7"));
      assertThat(updates.get(1).values()).as("values of the removal").isNull();
      assertThat(updates.get(2).values()).as("values of the new edge").isEqualTo(after);
    }
  }

  @Test
  void updateKeepingKeysKeepsEdges() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(update(new Object[] {10L, 1L, 7L, 25.0}, new Object[] {10L, 1L, 7L, 18.0})), 0);

      assertThat(harness.extractOutputValues())
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.UPSERT, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "races/1", "results/10", false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "drivers/7", "results/10", false));
    }
  }

  @Test
  void updateWithoutBeforeImageKeepsEdges() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(update(null, new Object[] {10L, 2L, 7L, 25.0})), 0);

      assertThat(harness.extractOutputValues())
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.UPSERT, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "races/2", "results/10", false),
              tuple(GraphUpdate.Kind.CHILD_UPSERT, "drivers/7", "results/10", false));
    }
  }

  @Test
  void deleteRemovesEdges() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(delete(new Object[] {10L, 1L, 7L, 25.0})), 0);

      List<GraphUpdate> updates = harness.extractOutputValues();
      assertThat(updates)
          .extracting(GraphUpdate::kind, GraphUpdate::target, GraphUpdate::child, GraphUpdate::newEdge)
          .containsExactly(
              tuple(GraphUpdate.Kind.DELETE, "results/10", null, false),
              tuple(GraphUpdate.Kind.CHILD_REMOVE, "races/1", "results/10", false),
              tuple(GraphUpdate.Kind.CHILD_REMOVE, "drivers/7", "results/10", false));
      assertThat(updates.get(0).values()).as("values of the delete").isNull();
      assertThat(updates.get(0).parents())
          .containsExactly(Map.entry("raceId", "races/1"), Map.entry("driverId", "drivers/7"));
    }
  }

  @Test
  void rowUpdatesLeaveOutChildMessages() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(insert(new Object[] {10L, 1L, 7L, 25.0})), 0);
      harness.processElement(timed(delete(new Object[] {11L, 1L, 7L, 18.0})), 0);

      List<GraphUpdate> updates = harness.extractOutputValues();
      // The harness copies each output record, so the arrays differ by identity.
      assertThat(rowUpdates(harness)).usingRecursiveFieldByFieldElementComparator()
          .containsExactly(updates.get(0), updates.get(3));
      assertThat(rowUpdates(harness)).extracting(GraphUpdate::kind, GraphUpdate::target)
          .containsExactly(tuple(GraphUpdate.Kind.UPSERT, "results/10"), tuple(GraphUpdate.Kind.DELETE, "results/11"));
    }
  }

  @Test
  void nullPrimaryKeyIsDeadLettered() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(insert(new Object[] {null, 1L, 7L, 25.0})), 0);

      assertThat(harness.extractOutputValues()).as("graph updates").isEmpty();
      assertThat(deadLetters(harness)).containsExactly(
          new DeadLetter("results", null, "a primary key column is NULL", "[null, 1, 7, 25.0]", COMMIT_TIME));
    }
  }

  @Test
  void unusableChangeIsDeadLettered() throws Exception {
    RowChange change = RowChange.unusable("laps", RowChange.Kind.DELETE, new Object[] {"841", "20"}, COMMIT_TIME,
        "table is not in the discovered schema");
    try (var harness = harness()) {
      harness.processElement(timed(change), 0);

      assertThat(harness.extractOutputValues()).as("graph updates").isEmpty();
      assertThat(deadLetters(harness)).containsExactly(
          new DeadLetter("laps", null, "table is not in the discovered schema", "[841, 20]", COMMIT_TIME));
    }
  }

  @Test
  void deadLettersCountAsRead() throws Exception {
    try (var harness = harness()) {
      harness.processElement(timed(insert(new Object[] {10L, 1L, 7L, 25.0})), 0);
      harness.processElement(timed(insert(new Object[] {null, 1L, 7L, 25.0})), 0);

      ProcessOperator<TimedChange, GraphUpdate> operator = (ProcessOperator<TimedChange, GraphUpdate>) harness.getOperator();
      assertThat(operator.getRuntimeContext().<Long, Long>getAccumulator(GraphOutputs.ROWS_READ_ACCUMULATOR).getLocalValue())
          .isEqualTo(2L);
      assertThat(deadLetters(harness)).hasSize(1);
    }
  }

  private static OneInputStreamOperatorTestHarness<TimedChange, GraphUpdate> harness() throws Exception {
    // The factory opens the harness, so open() and the accumulator registration have run.
    return ProcessFunctionTestHarnesses.forProcessFunction(new GraphRouter(SCHEMA, GraphOutputs.DEAD_LETTERS));
  }

  private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<TimedChange, GraphUpdate> harness) {
    var records = harness.getSideOutput(GraphOutputs.DEAD_LETTERS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static List<GraphUpdate> rowUpdates(OneInputStreamOperatorTestHarness<TimedChange, GraphUpdate> harness) {
    var records = harness.getSideOutput(GraphOutputs.ROW_UPDATES);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static TimedChange timed(RowChange change) {
    return new TimedChange(change, EVENT_TIME);
  }

  private static RowChange insert(Object[] row) {
    return new RowChange("results", RowChange.Kind.INSERT, null, row, COMMIT_TIME, false);
  }

  private static RowChange update(Object[] before, Object[] after) {
    return new RowChange("results", RowChange.Kind.UPDATE, before, after, COMMIT_TIME, false);
  }

  private static RowChange delete(Object[] before) {
    return new RowChange("results", RowChange.Kind.DELETE, before, null, COMMIT_TIME, false);
  }

  private static ColumnSchema column(String name, SemanticType type) {
    return new ColumnSchema(name, "text", java.sql.Types.OTHER, type, true);
  }
}
