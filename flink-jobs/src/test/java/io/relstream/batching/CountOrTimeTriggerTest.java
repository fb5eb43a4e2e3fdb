package io.relstream.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The batching trigger inside the window operator that {@code windowAll} builds, driven through
 * Flink's operator harness with processing time under the test's control.
 */
class CountOrTimeTriggerTest {
  private static final int MAX_COUNT = 3;
  private static final long TIMEOUT_MILLIS = 1_000;


  @Test
  void firesWhenCountReached() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(driver("1"), 0);
      harness.processElement(driver("2"), 0);

      assertThat(harness.extractOutputValues()).as("batches before the count").isEmpty();

      harness.processElement(driver("3"), 0);

      assertThat(seedKeys(harness.extractOutputValues())).containsExactly(List.of("1", "2", "3"));
      assertThat(harness.numProcessingTimeTimers()).as("deadline timers after the batch fired").isZero();
    }
  }

  @Test
  void firesAtDeadline() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(driver("1"), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS / 2);
      harness.processElement(driver("2"), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS - 1);

      assertThat(harness.extractOutputValues()).as("batches before the deadline").isEmpty();

      harness.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(seedKeys(harness.extractOutputValues())).containsExactly(List.of("1", "2"));
    }
  }

  @Test
  void nextBatchGetsOwnDeadline() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(driver("1"), 0);
      harness.processElement(driver("2"), 0);
      harness.processElement(driver("3"), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS / 2);
      harness.processElement(driver("4"), 0);
      harness.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(harness.extractOutputValues()).as("batches at the first batch's deadline").hasSize(1);

      harness.setProcessingTime(TIMEOUT_MILLIS / 2 + TIMEOUT_MILLIS);

      assertThat(seedKeys(harness.extractOutputValues())).containsExactly(List.of("1", "2", "3"), List.of("4"));
    }
  }

  @Test
  void openBatchSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(driver("1"), 0);
      harness.processElement(driver("2"), 0);
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(driver("3"), 0);

      assertThat(seedKeys(restored.extractOutputValues())).containsExactly(List.of("1", "2", "3"));
    }
  }

  @Test
  void deadlineSurvivesRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(driver("1"), 0);
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(TIMEOUT_MILLIS - 1);

      assertThat(restored.extractOutputValues()).as("batches before the deadline").isEmpty();

      restored.setProcessingTime(TIMEOUT_MILLIS);

      assertThat(seedKeys(restored.extractOutputValues())).containsExactly(List.of("1"));
    }
  }

  /**
   * Builds the batching stage as the job does and wraps its window operator, which is keyed by a
   * constant key because {@code windowAll} runs the window as one keyed stream.
   */
  @SuppressWarnings("unchecked")
  private static KeyedOneInputStreamOperatorTestHarness<Byte, Example, ExampleBatch> harness() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DataStream<Example> examples = env.fromElements(Example.class, driver("0"));
    DataStream<ExampleBatch> batches = examples
        .windowAll(GlobalWindows.create())
        .trigger(new CountOrTimeTrigger(MAX_COUNT, TIMEOUT_MILLIS))
        .process(new BatchCollector());
    var window = (OneInputTransformation<Example, ExampleBatch>) batches.getTransformation();
    return new KeyedOneInputStreamOperatorTestHarness<>(window.getOperator(),
        (KeySelector<Example, Byte>) window.getStateKeySelector(), (TypeInformation<Byte>) window.getStateKeyType());
  }

  private static Example driver(String key) {
    ExampleRow row = new ExampleRow("drivers", key, RowRole.SEED, 0, Long.MIN_VALUE,
        new Object[] {Long.parseLong(key), "Driver " + key, 3L});
    return new Example("drivers", key, 0, 0, List.of(row));
  }

  private static List<List<String>> seedKeys(List<ExampleBatch> batches) {
    return batches.stream()
        .map(batch -> batch.examples().stream().map(Example::seedKey).toList())
        .toList();
  }
}
