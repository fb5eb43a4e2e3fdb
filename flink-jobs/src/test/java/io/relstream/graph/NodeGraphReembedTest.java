package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.reembed.ReembedSettings;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.SamplingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Re-embedding of unchanged entities by the seed operator, through Flink's operator harness. */
class NodeGraphReembedTest {
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(4, 1_000, 16));
  private static final long STALE_MILLIS = 60_000;

  @Test
  void unchangedEntityIsSentAgain() throws Exception {
    try (var harness = harness(1_000.0)) {
      harness.open();
      harness.setProcessingTime(1_000);
      harness.processElement(upsert("drivers/1"), 0);

      harness.setProcessingTime(1_000 + STALE_MILLIS - 1);
      assertThat(harness.extractOutputValues()).as("seeds before the entity is stale").hasSize(1);

      harness.setProcessingTime(1_000 + STALE_MILLIS);
      List<ExamplePiece> seeds = harness.extractOutputValues();
      assertThat(seeds).hasSize(2);
      assertThat(seeds.get(0).previousRequestMillis()).isEqualTo(Example.NO_PREVIOUS_REQUEST);
      assertThat(seeds.get(1).previousRequestMillis()).isEqualTo(1_000);
      assertThat(seeds.get(1).row()).isEqualTo(seeds.get(0).row());
      assertThat(seeds.get(1).exampleId()).isNotEqualTo(seeds.get(0).exampleId());

      harness.setProcessingTime(1_000 + 2 * STALE_MILLIS);
      assertThat(harness.extractOutputValues()).hasSize(3);
      assertThat(harness.extractOutputValues().get(2).previousRequestMillis()).isEqualTo(1_000 + STALE_MILLIS);
    }
  }

  @Test
  void changeRestartsStaleTime() throws Exception {
    try (var harness = harness(1_000.0)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(upsert("drivers/1"), 0);
      harness.setProcessingTime(STALE_MILLIS / 2);
      harness.processElement(upsert("drivers/1"), 0);

      harness.setProcessingTime(STALE_MILLIS);
      assertThat(harness.extractOutputValues()).as("the change's seeds only").hasSize(2);
      assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

      harness.setProcessingTime(STALE_MILLIS / 2 + STALE_MILLIS);
      assertThat(harness.extractOutputValues()).hasSize(3);
      assertThat(harness.extractOutputValues().get(2).previousRequestMillis()).isEqualTo(STALE_MILLIS / 2);
    }
  }

  @Test
  void deleteStopsReembedding() throws Exception {
    try (var harness = harness(1_000.0)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(upsert("drivers/1"), 0);
      harness.processElement(delete("drivers/1"), 0);

      harness.setProcessingTime(10 * STALE_MILLIS);

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(harness.numProcessingTimeTimers()).isZero();
    }
  }

  @Test
  void rateLimitSpacesRequests() throws Exception {
    try (var harness = harness(1.0)) {
      harness.open();
      harness.setProcessingTime(0);
      for (int driver = 1; driver <= 3; driver++) {
        harness.processElement(upsert("drivers/" + driver), 0);
      }

      harness.setProcessingTime(STALE_MILLIS);
      assertThat(reembeddings(harness)).as("re-embeddings at the stale time").hasSize(1);
      harness.setProcessingTime(STALE_MILLIS + 999);
      assertThat(reembeddings(harness)).as("re-embeddings within the first second").hasSize(1);
      harness.setProcessingTime(STALE_MILLIS + 1_000);
      assertThat(reembeddings(harness)).as("re-embeddings after one second").hasSize(2);
      harness.setProcessingTime(STALE_MILLIS + 2_000);
      assertThat(reembeddings(harness)).as("re-embeddings after two seconds").hasSize(3);
    }
  }

  @Test
  void scheduleSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(1.0)) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(upsert("drivers/1"), 0);
      harness.processElement(upsert("drivers/2"), 0);
      // drivers/1 is sent again at once, drivers/2 gets the next free second.
      harness.setProcessingTime(STALE_MILLIS);
      assertThat(reembeddings(harness)).hasSize(1);
      snapshot = harness.snapshot(1, STALE_MILLIS);
    }

    try (var restored = harness(1.0)) {
      restored.setProcessingTime(STALE_MILLIS);
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(STALE_MILLIS + 1_000);

      List<ExamplePiece> reembedded = reembeddings(restored);
      assertThat(reembedded).extracting(piece -> piece.row().key()).containsExactly("2");
      assertThat(reembedded.get(0).previousRequestMillis()).isZero();

      restored.setProcessingTime(2 * STALE_MILLIS);
      assertThat(reembeddings(restored)).extracting(piece -> piece.row().key()).containsExactly("2", "1");
    }
  }

  private static List<ExamplePiece> reembeddings(
      KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness) {
    return harness.extractOutputValues().stream()
        .filter(piece -> piece.previousRequestMillis() != Example.NO_PREVIOUS_REQUEST).toList();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness(
      double maxPerSecond) throws Exception {
    ReembedSettings reembed = new ReembedSettings(true, Duration.ofMillis(STALE_MILLIS), maxPerSecond);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new NodeGraphFunction(CONFIG, reembed)), GraphUpdate::target, Types.STRING);
  }

  private static GraphUpdate upsert(String node) {
    return new GraphUpdate(GraphUpdate.Kind.UPSERT, node, new Object[] {1L, "x"}, 100, 1_000L, Map.of(), null, false);
  }

  private static GraphUpdate delete(String node) {
    return new GraphUpdate(GraphUpdate.Kind.DELETE, node, null, 100, 2_000L, Map.of(), null, false);
  }
}
