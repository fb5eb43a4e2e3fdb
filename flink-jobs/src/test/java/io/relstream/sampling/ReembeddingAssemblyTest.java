package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.graph.NodeGraphFunction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The assembler carries a re-embedding seed's previous request time into the example. */
class ReembeddingAssemblyTest {
  private static final ExampleRow SEED =
      new ExampleRow("drivers", "7", RowRole.SEED, 0, 1_000, new Object[] {7L, "Hamilton"});
  private static final ExampleRow RESULT =
      new ExampleRow("results", "10", RowRole.CHILD, 1, 900, new Object[] {10L, 7L}, "drivers/7");

  @Test
  void seedMarksExampleAsReembedding() throws Exception {
    long half = NodeGraphFunction.FULL_CREDIT / 2;
    try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ExampleAssembler(Duration.ofSeconds(30), 32)), ExamplePiece::exampleId,
        Types.STRING)) {
      harness.open();
      harness.processElement(new ExamplePiece("drivers/7#1@5000/reembed@60000", "0000", RESULT, 1_000, 5_000, half), 0);
      harness.processElement(
          new ExamplePiece("drivers/7#1@5000/reembed@60000", ExamplePaths.SEED, SEED, 1_000, 5_000, half, 60_000), 0);

      List<Example> examples = harness.extractOutputValues();
      assertThat(examples).hasSize(1);
      assertThat(examples.get(0).isReembedding()).isTrue();
      assertThat(examples.get(0).previousRequestMillis()).isEqualTo(60_000);
      assertThat(examples.get(0).rows()).containsExactly(SEED, RESULT);
    }
  }
}
