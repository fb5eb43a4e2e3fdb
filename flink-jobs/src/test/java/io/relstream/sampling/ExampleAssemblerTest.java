package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Example assembly through Flink's operator harness. A result seed is joined with its race and
 * driver in either arrival order, on timeout, and across a restore.
 */
class ExampleAssemblerTest {
  private static final long TIMEOUT_MILLIS = 30_000;
  private static final String EXAMPLE_ID = "results/10#1";
  private static final String RACE = "races/1";
  private static final String DRIVER = "drivers/7";
  private static final long SEED_TIME = 1_000;
  private static final long COMMIT_TIME = 5_000;

  private static final ExampleRow SEED =
      new ExampleRow("results", "10", RowRole.SEED, 0, SEED_TIME, new Object[] {10L, 1L, 7L, 25.0});
  private static final ExampleRow CHILD =
      new ExampleRow("pit_stops", "1|7|1", RowRole.CHILD, 1, SEED_TIME, new Object[] {1L, 7L, 1L, 21_000L});
  private static final ExampleRow RACE_ROW =
      new ExampleRow("races", "1", RowRole.PARENT, 1, SEED_TIME, new Object[] {1L, 2009L, SEED_TIME});
  private static final ExampleRow DRIVER_ROW =
      new ExampleRow("drivers", "7", RowRole.PARENT, 1, EventTime.TIMELESS, new Object[] {7L, "Hamilton"});

  @Test
  void piecesAfterPartialComplete() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);

      assertThat(harness.extractOutputValues()).as("output with one piece missing").isEmpty();

      harness.processElement2(piece(RACE, RACE_ROW), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW, CHILD));
    }
  }

  @Test
  void piecesBeforePartialComplete() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);

      assertThat(harness.extractOutputValues()).as("output without the partial").isEmpty();

      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW, CHILD));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the example").isZero();
    }
  }

  @Test
  void parentsFollowPartialOrder() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(partial(List.of(DRIVER, RACE)), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, DRIVER_ROW, RACE_ROW, CHILD));
    }
  }

  @Test
  void missingRowIsLeftOut() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(RACE, null), 0);
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, DRIVER_ROW, CHILD));
    }
  }

  @Test
  void partialWithoutParentsEmitsAtOnce() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(partial(List.of()), 0);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, CHILD));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the example").isZero();
    }
  }

  @Test
  void timeoutEmitsArrivedPieces() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS - 1);

      assertThat(harness.extractOutputValues()).as("output before the timeout").isEmpty();

      harness.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, CHILD));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the timeout").isZero();
    }
  }

  @Test
  void latePieceIsCleanedUp() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS);
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);

      assertThat(harness.numKeyedStateEntries()).as("keyed state entries right after the late piece").isPositive();

      harness.setProcessingTime(2 * TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, CHILD));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the late piece's timeout").isZero();
    }
  }

  @Test
  void completedExampleIgnoresTimer() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement1(partial(List.of(RACE)), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, CHILD));
    }
  }

  @Test
  void waitingPartialSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(RACE, RACE_ROW), 0);
      snapshot = harness.snapshot(1, 1);

      assertThat(harness.extractOutputValues()).as("output before the snapshot").isEmpty();
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(piece(DRIVER, DRIVER_ROW), 0);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, RACE_ROW, DRIVER_ROW, CHILD));
    }
  }

  @Test
  void timeoutSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement1(partial(List.of(RACE, DRIVER)), 0);
      harness.processElement2(piece(DRIVER, DRIVER_ROW), 0);
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(restored.extractOutputValues()).containsExactly(example(SEED, DRIVER_ROW, CHILD));
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, PartialExample, ExamplePiece, Example> harness()
      throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new ExampleAssembler(Duration.ofMillis(TIMEOUT_MILLIS))),
        PartialExample::exampleId, ExamplePiece::exampleId, Types.STRING);
  }

  private static PartialExample partial(List<String> parents) {
    return new PartialExample(EXAMPLE_ID, "results", "10", SEED_TIME, COMMIT_TIME, SEED, List.of(CHILD), parents);
  }

  private static ExamplePiece piece(String parent, ExampleRow row) {
    return new ExamplePiece(EXAMPLE_ID, parent, row);
  }

  private static Example example(ExampleRow... rows) {
    return new Example("results", "10", SEED_TIME, COMMIT_TIME, List.of(rows));
  }
}
