package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.EventTime;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Nodes of a table that no foreign key references have no children, so the graph operators skip
 * the state read of their child samples. The examples stay the same.
 */
class ChildlessTableTest {
  private static final SamplingConfig EVERY_TABLE = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(8, 1_000_000, 64));
  private static final SamplingConfig FOR_SCHEMA = EVERY_TABLE.forSchema(WalkTest.SCHEMA);

  @Test
  void tablesWithoutIncomingKeysAreChildless() {
    assertThat(FOR_SCHEMA.childlessTables()).containsExactly("results");
    assertThat(EVERY_TABLE.childlessTables()).isEmpty();
  }

  @Test
  void childlessNodeSkipsTheChildSampleRead() throws Exception {
    // A write-through store: the row's read and write, plus the sample read where it is not skipped.
    assertThat(accessesOfOneUpsert(EVERY_TABLE, "results/11")).isEqualTo(3);
    assertThat(accessesOfOneUpsert(FOR_SCHEMA, "results/11")).isEqualTo(2);
    assertThat(accessesOfOneUpsert(FOR_SCHEMA, "races/2")).isEqualTo(3);
  }

  @Test
  void childlessTablesGiveTheSameExamples() throws Exception {
    List<Example> everyTable = walk(EVERY_TABLE);
    List<Example> forSchema = walk(FOR_SCHEMA);
    assertThat(forSchema).hasSize(everyTable.size()).isEqualTo(everyTable);
    // Results reach back to their parents' other results, so the walk did read child samples.
    assertThat(forSchema).anySatisfy(example -> assertThat(example.rows()).hasSizeGreaterThan(3));
  }

  private static long accessesOfOneUpsert(SamplingConfig config, String node) throws Exception {
    GraphStateMetrics metrics = new GraphStateMetrics();
    try (var seeds = new KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece>(
        new KeyedProcessOperator<>(new NodeGraphFunction(config)), GraphUpdate::target, Types.STRING,
        metrics.environment())) {
      seeds.open();
      seeds.processElement(new GraphUpdate(GraphUpdate.Kind.UPSERT, node, new Object[] {11L, 2L, 7L, 18.0}, 200,
          1_000, Map.of(), null, false), 0);
      assertThat(seeds.getOutput()).as("the seed's piece").isNotEmpty();
      return metrics.accesses();
    }
  }

  /** Loads the walk tests' graph, then updates, moves and deletes rows, and returns every example. */
  private static List<Example> walk(SamplingConfig config) throws Exception {
    List<Example> examples = new ArrayList<>();
    try (WalkDriver driver = new WalkDriver(WalkTest.SCHEMA, config)) {
      WalkTest.loadGraph(driver);
      examples.addAll(driver.change(WalkTest.update("results", new Object[] {11L, 2L, 7L, 18.0},
          new Object[] {11L, 2L, 7L, 19.0}), 200));
      examples.addAll(driver.change(WalkTest.update("results", new Object[] {12L, 2L, 8L, 15.0},
          new Object[] {12L, 2L, 7L, 15.0}), 200));
      examples.addAll(driver.change(WalkTest.update("drivers", new Object[] {7L, "Hamilton"},
          new Object[] {7L, "Hamilton!"}), EventTime.TIMELESS));
      examples.addAll(driver.change(WalkTest.delete("results", new Object[] {10L, 1L, 7L, 25.0}), 100));
      examples.addAll(driver.change(WalkTest.update("races", new Object[] {2L, 1L, 200L},
          new Object[] {2L, 1L, 200L}), 200));
    }
    return examples;
  }
}
