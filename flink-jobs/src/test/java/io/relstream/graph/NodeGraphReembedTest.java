package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.reembed.ReembedSettings;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.SamplingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Re-embedding of unchanged entities by the seed operator, through Flink's operator harness. */
class NodeGraphReembedTest {
  private static final SamplingConfig CONFIG = new SamplingConfig(2, 2, 2, 32, new HistoryBounds(4, 1_000, 16));
  private static final long STALE_MILLIS = 60_000;
  private static final int MAX_PARALLELISM = 128;

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
  void entitiesNeedNoTimerEach() throws Exception {
    try (var harness = harness(100_000.0)) {
      harness.setStateBackend(new EmbeddedRocksDBStateBackend());
      harness.open();
      harness.setProcessingTime(0);
      for (int driver = 1; driver <= 1_000; driver++) {
        harness.processElement(upsert("drivers/" + driver), 0);
      }
      assertThat(harness.numProcessingTimeTimers()).as("keyed timers").isZero();

      harness.setProcessingTime(STALE_MILLIS);
      assertThat(reembeddings(harness)).extracting(piece -> piece.row().key()).hasSize(1_000)
          .doesNotHaveDuplicates();
      assertThat(harness.numProcessingTimeTimers()).as("keyed timers").isZero();
    }
  }

  @Test
  void dueEntityWaitsForItsBucket() throws Exception {
    try (var harness = harness(1_000.0)) {
      harness.open();
      harness.setProcessingTime(1_500);
      harness.processElement(upsert("drivers/1"), 0);

      harness.setProcessingTime(1_500 + STALE_MILLIS);
      assertThat(reembeddings(harness)).as("due, but its bucket ends later").isEmpty();
      harness.setProcessingTime(2_000 + STALE_MILLIS);
      assertThat(reembeddings(harness)).hasSize(1);
    }
  }

  @ParameterizedTest(name = "RocksDB: {0}")
  @ValueSource(booleans = {false, true})
  void scheduleSurvivesRestore(boolean rocksDb) throws Exception {
    OperatorSubtaskState snapshot;
    String first;
    try (var harness = harness(1.0)) {
      backend(harness, rocksDb);
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(upsert("drivers/1"), 0);
      harness.processElement(upsert("drivers/2"), 0);
      // One driver is sent again at once, the other gets the next free second.
      harness.setProcessingTime(STALE_MILLIS);
      List<ExamplePiece> sent = reembeddings(harness);
      assertThat(sent).hasSize(1);
      first = sent.get(0).row().key();
      harness.prepareSnapshotPreBarrier(1);
      snapshot = harness.snapshot(1, STALE_MILLIS);
    }
    String second = first.equals("1") ? "2" : "1";

    try (var restored = harness(1.0)) {
      backend(restored, rocksDb);
      restored.setProcessingTime(STALE_MILLIS);
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(STALE_MILLIS + 999);
      assertThat(reembeddings(restored)).as("before the granted second").isEmpty();
      restored.setProcessingTime(STALE_MILLIS + 1_000);

      List<ExamplePiece> reembedded = reembeddings(restored);
      assertThat(reembedded).extracting(piece -> piece.row().key()).containsExactly(second);
      assertThat(reembedded.get(0).previousRequestMillis()).isZero();

      restored.setProcessingTime(2 * STALE_MILLIS);
      assertThat(reembeddings(restored)).extracting(piece -> piece.row().key()).containsExactly(second, first);
    }
  }


  @Test
  void scheduleFollowsEntitiesWhenRescaled() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(100_000.0, 1, 0)) {
      harness.open();
      harness.setProcessingTime(0);
      for (int driver = 1; driver <= 50; driver++) {
        harness.processElement(upsert("drivers/" + driver), 0);
      }
      harness.prepareSnapshotPreBarrier(1);
      snapshot = harness.snapshot(1, 0);
    }

    List<String> reembedded = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(
          snapshot, MAX_PARALLELISM, 1, 2, subtask);
      try (var restored = harness(100_000.0, 2, subtask)) {
        restored.setProcessingTime(0);
        restored.initializeState(part);
        restored.open();
        restored.setProcessingTime(STALE_MILLIS);
        List<String> keys = reembeddings(restored).stream().map(piece -> piece.row().key()).toList();
        assertThat(keys).as("re-embeddings of subtask %d", subtask).isNotEmpty();
        reembedded.addAll(keys);
      }
    }
    assertThat(reembedded).containsExactlyInAnyOrderElementsOf(
        IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).toList());
  }

  private static void backend(
      KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness, boolean rocksDb) {
    if (rocksDb) {
      harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
  }

  private static List<ExamplePiece> reembeddings(
      KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness) {
    return harness.extractOutputValues().stream()
        .filter(piece -> piece.previousRequestMillis() != Example.NO_PREVIOUS_REQUEST).toList();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness(
      double maxPerSecond) throws Exception {
    return harness(maxPerSecond, 1, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> harness(
      double maxPerSecond, int parallelism, int subtask) throws Exception {
    ReembedSettings reembed = new ReembedSettings(true, Duration.ofMillis(STALE_MILLIS), maxPerSecond);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new NodeGraphOperator(new NodeGraphFunction(CONFIG, reembed)), GraphUpdate::target, Types.STRING,
        MAX_PARALLELISM, parallelism, subtask);
  }

  private static GraphUpdate upsert(String node) {
    return new GraphUpdate(GraphUpdate.Kind.UPSERT, node, new Object[] {1L, "x"}, 100, 1_000L, Map.of(), null, false);
  }

  private static GraphUpdate delete(String node) {
    return new GraphUpdate(GraphUpdate.Kind.DELETE, node, null, 100, 2_000L, Map.of(), null, false);
  }
}
