package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.sampling.SamplingConfig;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multi-hop examples over a small hand-built graph, run through the router, seed, hop and assembler
 * operators in their test harnesses: exact 2-hop contents, rows as of the seed time, deletes,
 * foreign-key moves, and restore.
 */
class WalkTest {
  static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("circuits", List.of(key("circuitId"), text("name")), List.of("circuitId"), List.of(), null, null),
      new TableSchema("races", List.of(key("raceId"), key("circuitId"), time("date")), List.of("raceId"),
          List.of(new ForeignKey(List.of("circuitId"), "circuits", List.of("circuitId"))), "date", null),
      new TableSchema("drivers", List.of(key("driverId"), text("surname")), List.of("driverId"), List.of(), null, null),
      new TableSchema("results", List.of(key("resultId"), key("raceId"), key("driverId"), number("points")),
          List.of("resultId"),
          List.of(new ForeignKey(List.of("raceId"), "races", List.of("raceId")),
              new ForeignKey(List.of("driverId"), "drivers", List.of("driverId"))),
          null, null)));

  private static final SamplingConfig TWO_HOPS = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(8, 1_000_000, 64));
  private static final long COMMIT = 1_000_000;

  private static final Object[] CIRCUIT_1 = {1L, "Monza"};
  private static final Object[] RACE_1 = {1L, 1L, 100L};
  private static final Object[] RACE_2 = {2L, 1L, 200L};
  private static final Object[] RACE_3 = {3L, 1L, 300L};
  private static final Object[] DRIVER_7 = {7L, "Hamilton"};
  private static final Object[] DRIVER_8 = {8L, "Alonso"};
  private static final Object[] RESULT_10 = {10L, 1L, 7L, 25.0};
  private static final Object[] RESULT_11 = {11L, 2L, 7L, 18.0};
  private static final Object[] RESULT_12 = {12L, 2L, 8L, 15.0};
  private static final Object[] RESULT_13 = {13L, 3L, 7L, 10.0};

  @Test
  void twoHopExampleIsExact() throws Exception {
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);

      List<Example> examples = driver.change(update("results", RESULT_11, RESULT_11), 200);

      assertThat(examples).hasSize(1);
      Example example = examples.get(0);
      assertThat(example.seedTimeMillis()).isEqualTo(200);
      assertThat(example.rows()).containsExactly(
          new ExampleRow("results", "11", RowRole.SEED, 0, 200, RESULT_11),
          new ExampleRow("races", "2", RowRole.PARENT, 1, 200, RACE_2, "results/11"),
          new ExampleRow("drivers", "7", RowRole.PARENT, 1, EventTime.TIMELESS, DRIVER_7, "results/11"),
          new ExampleRow("circuits", "1", RowRole.PARENT, 2, EventTime.TIMELESS, CIRCUIT_1, "races/2"),
          new ExampleRow("results", "12", RowRole.CHILD, 2, 200, RESULT_12, "races/2"),
          // results/13 (time 300) is the driver's most recent result, but it is newer than the seed.
          new ExampleRow("results", "10", RowRole.CHILD, 2, 100, RESULT_10, "drivers/7"));
    }
  }

  @Test
  void rowAppearsAsOfSeedTime() throws Exception {
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);
      // Race 2 moves to time 250: a seed at 200 gets its version of time 200, a seed at 250 the new one.
      Object[] movedRace = {2L, 1L, 250L};
      driver.change(update("races", RACE_2, movedRace), 250);

      Example atOldTime = single(driver.change(update("results", RESULT_12, RESULT_12), 200));
      Example atNewTime = single(driver.change(update("results", RESULT_11, RESULT_11), 250));

      assertThat(atOldTime.rows()).extracting(ExampleRow::table, ExampleRow::key, ExampleRow::values)
          .contains(org.assertj.core.groups.Tuple.tuple("races", "2", RACE_2));
      assertThat(atNewTime.rows()).extracting(ExampleRow::table, ExampleRow::key, ExampleRow::values)
          .contains(org.assertj.core.groups.Tuple.tuple("races", "2", movedRace));
    }
  }

  @Test
  void deletedRowLeavesExamples() throws Exception {
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);
      assertThat(nodes(single(driver.change(update("results", RESULT_11, RESULT_11), 200)))).contains("results/12");

      driver.change(delete("results", RESULT_12), 200);
      Example after = single(driver.change(update("results", RESULT_11, RESULT_11), 200));

      assertThat(nodes(after)).doesNotContain("results/12");
      assertThat(driver.deletions()).extracting(Deletion::key).containsExactly("12");
    }
  }

  @Test
  void foreignKeyMoveLeavesOldParent() throws Exception {
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);
      Object[] moved = {10L, 1L, 8L, 25.0};
      driver.change(update("results", RESULT_10, moved), 100);

      Example movedSeed = single(driver.change(update("results", moved, moved), 100));
      Example sibling = single(driver.change(update("results", RESULT_11, RESULT_11), 200));

      assertThat(nodes(movedSeed)).contains("drivers/8").doesNotContain("drivers/7");
      assertThat(nodes(sibling)).as("driver 7's children after the move").doesNotContain("results/10");
    }
  }

  @Test
  void restoredRunEqualsUninterruptedRun() throws Exception {
    List<Example> uninterrupted;
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);
      uninterrupted = laterChanges(driver);
    }

    WalkDriver.Snapshot snapshot;
    try (WalkDriver driver = new WalkDriver(SCHEMA, TWO_HOPS)) {
      loadGraph(driver);
      snapshot = driver.snapshot(1);
    }
    try (WalkDriver restored = new WalkDriver(SCHEMA, TWO_HOPS, snapshot)) {
      assertThat(laterChanges(restored)).isNotEmpty().isEqualTo(uninterrupted);
    }
  }

  @Test
  void childValuesLeaveExamplesUnchanged() throws Exception {
    for (int hops = 1; hops <= 3; hops++) {
      SamplingConfig withValues = new SamplingConfig(hops, 2, 2, 32, TWO_HOPS.bounds());
      List<Example> fromSamples;
      List<Example> fromRequests;
      try (WalkDriver driver = new WalkDriver(SCHEMA, withValues)) {
        fromSamples = loadAndChange(driver);
      }
      try (WalkDriver driver = new WalkDriver(SCHEMA, withValues.withChildValues(false))) {
        fromRequests = loadAndChange(driver);
      }

      assertThat(fromSamples).as("examples of %d hops", hops).isNotEmpty().isEqualTo(fromRequests);
      assertThat(fromSamples).flatExtracting(Example::rows).as("rows of %d hops", hops)
          .anySatisfy(row -> assertThat(row.hop()).isEqualTo(withValues.hops()));
    }
  }

  /** Loads the graph, corrects a result's points without changing its time, then changes more rows. */
  private static List<Example> loadAndChange(WalkDriver driver) throws Exception {
    loadGraph(driver);
    Object[] corrected = {12L, 2L, 8L, 16.0};
    List<Example> examples = new ArrayList<>(driver.change(update("results", RESULT_12, corrected), 200));
    examples.addAll(laterChanges(driver));
    return examples;
  }

  @Test
  void threeHopsReachFurther() throws Exception {
    SamplingConfig threeHops = new SamplingConfig(3, 2, 2, 32, TWO_HOPS.bounds());
    try (WalkDriver driver = new WalkDriver(SCHEMA, threeHops)) {
      loadGraph(driver);

      Example example = single(driver.change(update("drivers", DRIVER_8, DRIVER_8), EventTime.TIMELESS));

      // drivers/8 -> results/12 -> races/2 -> results/11 and circuits/1.
      assertThat(example.rows()).extracting(ExampleRow::hop).containsExactly(0, 1, 2, 3, 3);
      assertThat(nodes(example)).containsExactly("drivers/8", "results/12", "races/2", "circuits/1", "results/11");
    }
  }

  @Test
  void maxRowsCutsFarthestRows() throws Exception {
    SamplingConfig small = new SamplingConfig(2, 2, 2, 4, TWO_HOPS.bounds());
    try (WalkDriver driver = new WalkDriver(SCHEMA, small)) {
      loadGraph(driver);

      Example example = single(driver.change(update("results", RESULT_11, RESULT_11), 200));

      assertThat(nodes(example)).containsExactly("results/11", "races/2", "drivers/7", "circuits/1");
    }
  }

  private static List<Example> laterChanges(WalkDriver driver) throws Exception {
    List<Example> examples = new ArrayList<>();
    examples.addAll(driver.change(update("results", RESULT_11, RESULT_11), 200));
    examples.addAll(driver.change(delete("results", RESULT_12), 200));
    examples.addAll(driver.change(update("drivers", DRIVER_7, DRIVER_7), EventTime.TIMELESS));
    examples.addAll(driver.change(update("races", RACE_2, RACE_2), 200));
    return examples;
  }

  /** Loads the graph parents first, as the snapshot does; the results' times are their races' dates. */
  static void loadGraph(WalkDriver driver) throws Exception {
    driver.change(insert("circuits", CIRCUIT_1), EventTime.TIMELESS);
    driver.change(insert("races", RACE_1), 100);
    driver.change(insert("races", RACE_2), 200);
    driver.change(insert("races", RACE_3), 300);
    driver.change(insert("drivers", DRIVER_7), EventTime.TIMELESS);
    driver.change(insert("drivers", DRIVER_8), EventTime.TIMELESS);
    driver.change(insert("results", RESULT_10), 100);
    driver.change(insert("results", RESULT_11), 200);
    driver.change(insert("results", RESULT_12), 200);
    driver.change(insert("results", RESULT_13), 300);
  }

  private static Example single(List<Example> examples) {
    assertThat(examples).hasSize(1);
    return examples.get(0);
  }

  private static List<String> nodes(Example example) {
    return example.rows().stream().map(row -> row.table() + "/" + row.key()).toList();
  }

  static RowChange insert(String table, Object[] row) {
    return new RowChange(table, RowChange.Kind.INSERT, null, row, COMMIT, false);
  }

  static RowChange update(String table, Object[] before, Object[] after) {
    return new RowChange(table, RowChange.Kind.UPDATE, before, after, COMMIT, false);
  }

  static RowChange delete(String table, Object[] row) {
    return new RowChange(table, RowChange.Kind.DELETE, row, null, COMMIT, false);
  }

  private static ColumnSchema key(String name) {
    return new ColumnSchema(name, "int8", Types.BIGINT, SemanticType.KEY, false);
  }

  private static ColumnSchema text(String name) {
    return new ColumnSchema(name, "text", Types.VARCHAR, SemanticType.TEXT, true);
  }

  private static ColumnSchema number(String name) {
    return new ColumnSchema(name, "float8", Types.DOUBLE, SemanticType.NUMERIC, true);
  }

  private static ColumnSchema time(String name) {
    return new ColumnSchema(name, "int8", Types.BIGINT, SemanticType.TIMESTAMP, true);
  }
}
