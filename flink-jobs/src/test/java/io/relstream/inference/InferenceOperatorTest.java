package io.relstream.inference;

import static io.relstream.inference.InferenceFixtures.EMBEDDING_DIM;
import static io.relstream.inference.InferenceFixtures.inferenceHarness;
import static io.relstream.inference.InferenceFixtures.race;
import static io.relstream.inference.InferenceFixtures.races;
import static io.relstream.inference.InferenceFixtures.settings;
import static io.relstream.inference.InferenceFixtures.trainer;
import static io.relstream.inference.InferenceFixtures.trainerHarness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.relstream.batching.ExampleBatch;
import io.relstream.example.Example;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.training.TrainingFunction;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inference operator through Flink's two-input harness, fed with model snapshots that a real
 * training operator sent after real DJL steps.
 */
class InferenceOperatorTest {
  private static final List<Example> TRAINED = races(1, 3);
  private static ModelSnapshot firstSnapshot;
  private static ModelSnapshot secondSnapshot;
  /** The embeddings that a training operator without the inference path published for TRAINED after step 1. */
  private static List<EmbeddingRecord> publishedByTrainer;

  @BeforeAll
  static void train() throws Exception {
    try (var harness = trainerHarness(trainer(settings(1, 1)))) {
      harness.open();
      harness.processElement(new ExampleBatch(TRAINED), 0);
      harness.processElement(new ExampleBatch(races(4, 3)), 0);
      assertThat(harness.extractOutputValues()).isEmpty();
      List<ModelSnapshot> snapshots = harness.getSideOutput(TrainingFunction.MODEL_SNAPSHOTS).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(snapshots).extracting(ModelSnapshot::step).containsExactly(1L, 2L);
      firstSnapshot = snapshots.get(0);
      secondSnapshot = snapshots.get(1);
    }
    try (var harness = trainerHarness(trainer(InferenceSettings.off()))) {
      harness.open();
      harness.processElement(new ExampleBatch(TRAINED), 0);
      publishedByTrainer = harness.extractOutputValues();
    }
  }

  @Test
  void snapshotEmbedsAsTrainerDid() throws Exception {
    try (var harness = inferenceHarness(settings(3, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      for (Example example : TRAINED) {
        harness.processElement1(new StreamRecord<>(example));
      }

      List<EmbeddingRecord> records = harness.extractOutputValues();
      assertThat(records).extracting(EmbeddingRecord::key).containsExactly("1", "2", "3");
      assertThat(records).extracting(EmbeddingRecord::modelStep).containsOnly(1L);
      assertThat(records).extracting(EmbeddingRecord::commitTimeMillis).containsExactly(1_001L, 1_002L, 1_003L);
      for (int i = 0; i < records.size(); i++) {
        EmbeddingRecord expected = publishedByTrainer.get(i);
        assertThat(records.get(i).tokenizerVersion()).isEqualTo(expected.tokenizerVersion());
        assertThat(records.get(i).vector()).hasSize(EMBEDDING_DIM).containsExactly(expected.vector(), within(1e-5f));
      }
    }
  }

  @Test
  void examplesWaitForFirstSnapshot() throws Exception {
    try (var harness = inferenceHarness(settings(2, 10))) {
      harness.open();
      for (Example example : races(1, 3)) {
        harness.processElement1(new StreamRecord<>(example));
      }
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processElement2(new StreamRecord<>(firstSnapshot));

      assertThat(harness.extractOutputValues()).extracting(EmbeddingRecord::key).containsExactly("1", "2", "3");
    }
  }

  @Test
  void waitingBeyondCapacityDropsOldest() throws Exception {
    try (var harness = inferenceHarness(settings(8, 2))) {
      harness.open();
      for (Example example : races(1, 3)) {
        harness.processElement1(new StreamRecord<>(example));
      }

      harness.processElement2(new StreamRecord<>(firstSnapshot));

      assertThat(harness.extractOutputValues()).extracting(EmbeddingRecord::key).containsExactly("2", "3");
    }
  }

  @Test
  void microBatchFlushesAfterTimeout() throws Exception {
    try (var harness = inferenceHarness(settings(8, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      harness.setProcessingTime(100);
      harness.processElement1(new StreamRecord<>(race(1)));
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.setProcessingTime(105);

      assertThat(harness.extractOutputValues()).extracting(EmbeddingRecord::key).containsExactly("1");
    }
  }

  @Test
  void newerSnapshotReplacesWeights() throws Exception {
    try (var harness = inferenceHarness(settings(1, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      harness.processElement1(new StreamRecord<>(race(1)));
      harness.processElement2(new StreamRecord<>(secondSnapshot));
      harness.processElement1(new StreamRecord<>(race(1)));

      List<EmbeddingRecord> records = harness.extractOutputValues();
      assertThat(records).extracting(EmbeddingRecord::modelStep).containsExactly(1L, 2L);
      assertThat(records.get(1).vector()).isNotEqualTo(records.get(0).vector());
    }
  }

  @Test
  void checkpointFlushesMicroBatch() throws Exception {
    try (var harness = inferenceHarness(settings(8, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      harness.processElement1(new StreamRecord<>(race(1)));

      harness.prepareSnapshotPreBarrier(1);

      assertThat(harness.extractOutputValues()).extracting(EmbeddingRecord::key).containsExactly("1");
    }
  }

  @Test
  void restoreKeepsSnapshot() throws Exception {
    OperatorSubtaskState state;
    float[] before;
    try (var harness = inferenceHarness(settings(1, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(secondSnapshot));
      harness.processElement1(new StreamRecord<>(race(1)));
      before = harness.extractOutputValues().get(0).vector();
      state = harness.snapshot(1, 0);
    }

    try (var restored = restore(state, settings(1, 10))) {
      restored.processElement1(new StreamRecord<>(race(1)));

      List<EmbeddingRecord> records = restored.extractOutputValues();
      assertThat(records).extracting(EmbeddingRecord::modelStep).containsExactly(2L);
      assertThat(records.get(0).vector()).containsExactly(before);
    }
  }

  @Test
  void restoreKeepsWaitingExamples() throws Exception {
    OperatorSubtaskState state;
    try (var harness = inferenceHarness(settings(8, 10))) {
      harness.open();
      for (Example example : races(1, 2)) {
        harness.processElement1(new StreamRecord<>(example));
      }
      state = harness.snapshot(1, 0);
    }

    try (var restored = restore(state, settings(8, 10))) {
      assertThat(restored.extractOutputValues()).isEmpty();
      restored.processElement2(new StreamRecord<>(firstSnapshot));

      assertThat(restored.extractOutputValues()).extracting(EmbeddingRecord::key).containsExactly("1", "2");
    }
  }

  private static TwoInputStreamOperatorTestHarness<Example, ModelSnapshot, EmbeddingRecord> restore(
      OperatorSubtaskState state, InferenceSettings settings) throws Exception {
    var harness = inferenceHarness(settings);
    harness.initializeState(state);
    harness.open();
    return harness;
  }
}
