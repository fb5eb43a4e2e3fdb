package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.graph.NodeGraphFunction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Example assembly through Flink's operator harness. A result seed whose credit went half to its
 * race and half to its driver is assembled in any arrival order, on timeout, and across a restore.
 * The harnesses run {@link ExampleAssemblerOperator}, which defers state writes, unless a test names
 * another operator.
 */
class ExampleAssemblerTest {
  private static final long TIMEOUT_MILLIS = 30_000;
  private static final String EXAMPLE_ID = "results/10#1";
  private static final String OTHER_EXAMPLE_ID = "results/10#2";
  private static final long SEED_TIME = 1_000;
  private static final long COMMIT_TIME = 5_000;
  private static final long HALF = NodeGraphFunction.FULL_CREDIT / 2;

  private static final ExampleRow SEED =
      new ExampleRow("results", "10", RowRole.SEED, 0, SEED_TIME, new Object[] {10L, 1L, 7L, 25.0});
  private static final ExampleRow RACE_ROW =
      new ExampleRow("races", "1", RowRole.PARENT, 1, SEED_TIME, new Object[] {1L, 2009L, SEED_TIME}, "results/10");
  private static final ExampleRow DRIVER_ROW = new ExampleRow("drivers", "7", RowRole.PARENT, 1, EventTime.TIMELESS,
      new Object[] {7L, "Hamilton"}, "results/10");
  private static final ExampleRow FUTURE_ROW = new ExampleRow("results", "11", RowRole.CHILD, 2, SEED_TIME + 1,
      new Object[] {11L, 1L, 8L, 18.0}, "races/1");

  @Test
  void piecesInAnyOrderComplete() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(piece("0001", DRIVER_ROW, HALF), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);

      assertThat(harness.extractOutputValues()).as("output without the seed").isEmpty();

      harness.processElement(seed(0), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the example").isZero();
    }
  }

  @Test
  void grandchildBeforeParentWaits() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0001", DRIVER_ROW, HALF), 0);
      // The race passed all but one unit of its half to a row of hop 2, which arrives before the race.
      harness.processElement(piece("0000.0000", null, HALF - 1), 0);

      assertThat(harness.extractOutputValues()).as("output while the race is missing").isEmpty();

      harness.processElement(piece("0000", RACE_ROW, 1), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
    }
  }

  @Test
  void duplicateNodeKeepsFirstPosition() throws Exception {
    ExampleRow raceAgain = new ExampleRow("races", "1", RowRole.PARENT, 2, SEED_TIME, RACE_ROW.values(), "drivers/7");
    try (var harness = harness()) {
      harness.open();
      harness.processElement(piece("0001.0000", raceAgain, HALF - 1), 0);
      harness.processElement(piece("0001", DRIVER_ROW, 1), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);
      harness.processElement(seed(0), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
    }
  }

  @Test
  void rowNewerThanSeedIsLeftOut() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(seed(HALF), 0);
      harness.processElement(piece("0000", FUTURE_ROW, HALF), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED));
    }
  }

  @Test
  void timeoutEmitsArrivedPieces() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS - 1);

      assertThat(harness.extractOutputValues()).as("output before the timeout").isEmpty();

      harness.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the timeout").isZero();
    }
  }

  @Test
  void latePieceIsCleanedUp() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(seed(0), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);
      checkpoint(harness);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after a snapshot with the late piece")
          .isPositive();

      harness.setProcessingTime(2 * TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the late piece's timeout").isZero();
    }
  }

  @Test
  void piecesReachStateAtSnapshot() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries before a snapshot").isZero();

      checkpoint(harness);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after a snapshot").isPositive();

      harness.processElement(piece("0001", DRIVER_ROW, HALF), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the example").isZero();
    }
  }

  @Test
  void plainOperatorStoresEachPiece() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ExampleAssembler(Duration.ofMillis(TIMEOUT_MILLIS), 32)),
        ExamplePiece::exampleId, Types.STRING)) {
      harness.open();
      harness.processElement(seed(0), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the seed").isPositive();

      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(piece("0000", RACE_ROW, HALF), 0);
      restored.processElement(piece("0001", DRIVER_ROW, HALF), 0);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
      assertThat(restored.numKeyedStateEntries()).as("keyed state entries after the example").isZero();
    }
  }

  @Test
  void waitingPiecesSurviveRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);
      snapshot = checkpoint(harness);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(piece("0001", DRIVER_ROW, HALF), 0);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
    }
  }

  @Test
  void timeoutSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0001", DRIVER_ROW, HALF), 0);
      snapshot = checkpoint(harness);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, DRIVER_ROW));
    }
  }

  @Test
  void restoredExampleLeavesQuietTimer() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(seed(0), 0);
      harness.processElement(piece("0000", RACE_ROW, HALF), 0);
      snapshot = checkpoint(harness);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(1);
      restored.processElement(piece("0001", DRIVER_ROW, HALF), 0);
      // The restored example's timer stays registered and finds no pieces when it fires.
      restored.setProcessingTime(2 * TIMEOUT_MILLIS);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW));
      assertThat(restored.numKeyedStateEntries()).as("keyed state entries after the timer").isZero();
    }
  }

  @Test
  void smallCachesCompleteInterleavedExamples() throws Exception {
    for (int cacheEntries : new int[] {0, 1}) {
      try (var harness = harness(cacheEntries)) {
        harness.open();
        harness.setProcessingTime(0);
        for (String exampleId : List.of(EXAMPLE_ID, OTHER_EXAMPLE_ID)) {
          harness.processElement(piece(exampleId, "0001", DRIVER_ROW, HALF), 0);
        }
        for (String exampleId : List.of(EXAMPLE_ID, OTHER_EXAMPLE_ID)) {
          harness.processElement(piece(exampleId, ExamplePaths.SEED, SEED, 0), 0);
        }
        assertThat(harness.extractOutputValues()).as("output before the races, cache of %d", cacheEntries).isEmpty();

        for (String exampleId : List.of(OTHER_EXAMPLE_ID, EXAMPLE_ID)) {
          harness.processElement(piece(exampleId, "0000", RACE_ROW, HALF), 0);
        }
        harness.setProcessingTime(2 * TIMEOUT_MILLIS);

        assertThat(harness.extractOutputValues()).as("examples with a cache of %d", cacheEntries)
            .containsExactly(example(SEED, RACE_ROW, DRIVER_ROW), example(SEED, RACE_ROW, DRIVER_ROW));
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries, cache of %d", cacheEntries).isZero();
      }
    }
  }

  /** Takes a snapshot as a task does: the operator first prepares for the barrier, then its state is copied. */
  private static OperatorSubtaskState checkpoint(
      KeyedOneInputStreamOperatorTestHarness<String, ExamplePiece, Example> harness) throws Exception {
    harness.prepareSnapshotPreBarrier(1);
    return harness.snapshot(1, 1);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ExamplePiece, Example> harness() throws Exception {
    return harness(SamplingConfig.DEFAULT_CACHE_ENTRIES);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ExamplePiece, Example> harness(int cacheEntries)
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new ExampleAssemblerOperator(new ExampleAssembler(Duration.ofMillis(TIMEOUT_MILLIS), 32, cacheEntries)),
        ExamplePiece::exampleId, Types.STRING);
  }

  private static ExamplePiece seed(long credit) {
    return piece(ExamplePaths.SEED, SEED, credit);
  }

  private static ExamplePiece piece(String path, ExampleRow row, long credit) {
    return piece(EXAMPLE_ID, path, row, credit);
  }

  private static ExamplePiece piece(String exampleId, String path, ExampleRow row, long credit) {
    return new ExamplePiece(exampleId, path, row, SEED_TIME, COMMIT_TIME, credit);
  }

  private static Example example(ExampleRow... rows) {
    return new Example("results", "10", SEED_TIME, COMMIT_TIME, List.of(rows));
  }
}
