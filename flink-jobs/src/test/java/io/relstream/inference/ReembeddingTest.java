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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-embeddings of unchanged entities in the inference operator, with snapshots from real DJL
 * steps, and the equality of micro-batched and single forward passes.
 */
class ReembeddingTest {
  private static ModelSnapshot firstSnapshot;
  private static ModelSnapshot secondSnapshot;

  @BeforeAll
  static void train() throws Exception {
    try (var harness = trainerHarness(trainer(settings(1, 1)))) {
      harness.open();
      harness.processElement(new ExampleBatch(races(1, 3)), 0);
      harness.processElement(new ExampleBatch(races(4, 3)), 0);
      List<ModelSnapshot> snapshots = harness.getSideOutput(TrainingFunction.MODEL_SNAPSHOTS).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(snapshots).extracting(ModelSnapshot::step).containsExactly(1L, 2L);
      firstSnapshot = snapshots.get(0);
      secondSnapshot = snapshots.get(1);
    }
  }

  @Test
  void unchangedEntityGetsNewerModel() throws Exception {
    try (var harness = inferenceHarness(settings(1, 10))) {
      harness.open();
      harness.setProcessingTime(1_000);
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      harness.setProcessingTime(2_000);
      harness.processElement1(new StreamRecord<>(race(1)));
      harness.setProcessingTime(3_000);
      harness.processElement2(new StreamRecord<>(secondSnapshot));

      harness.setProcessingTime(5_000);
      harness.processElement1(new StreamRecord<>(reembedding(race(1), 2_000)));

      List<EmbeddingRecord> records = harness.extractOutputValues();
      assertThat(records).extracting(EmbeddingRecord::modelStep).containsExactly(1L, 2L);
      assertThat(records).extracting(EmbeddingRecord::reembedding).containsExactly(false, true);
      assertThat(records.get(1).commitTimeMillis()).isEqualTo(records.get(0).commitTimeMillis());
      assertThat(records.get(1).vector()).isNotEqualTo(records.get(0).vector());
    }
  }

  @Test
  void entityEmbeddedWithCurrentSnapshotIsSkipped() throws Exception {
    try (var harness = inferenceHarness(settings(1, 10))) {
      harness.open();
      harness.setProcessingTime(1_000);
      harness.processElement2(new StreamRecord<>(firstSnapshot));
      harness.setProcessingTime(2_000);
      harness.processElement1(new StreamRecord<>(race(1)));

      harness.setProcessingTime(5_000);
      harness.processElement1(new StreamRecord<>(reembedding(race(1), 2_000)));

      assertThat(harness.extractOutputValues()).extracting(EmbeddingRecord::reembedding).containsExactly(false);
    }
  }

  @Test
  void restoredSnapshotReembeds() throws Exception {
    OperatorSubtaskState state;
    try (var harness = inferenceHarness(settings(1, 10))) {
      harness.open();
      harness.setProcessingTime(1_000);
      harness.processElement2(new StreamRecord<>(secondSnapshot));
      harness.setProcessingTime(2_000);
      harness.processElement1(new StreamRecord<>(race(1)));
      state = harness.snapshot(1, 2_000);
    }

    try (var restored = inferenceHarness(settings(1, 10))) {
      restored.setProcessingTime(3_000);
      restored.initializeState(state);
      restored.open();
      // Which snapshot embedded the previous request before the restore is not known, so it is re-embedded.
      restored.processElement1(new StreamRecord<>(reembedding(race(1), 2_000)));

      assertThat(restored.extractOutputValues()).extracting(EmbeddingRecord::modelStep).containsExactly(2L);
      assertThat(restored.extractOutputValues()).extracting(EmbeddingRecord::reembedding).containsExactly(true);
    }
  }

  @Test
  void microBatchEqualsSingleForwards() throws Exception {
    List<Example> examples = races(1, 6);
    List<EmbeddingRecord> single = embed(examples, 1);
    List<EmbeddingRecord> batched = embed(examples, examples.size());

    assertThat(batched).extracting(EmbeddingRecord::key).containsExactlyElementsOf(
        single.stream().map(EmbeddingRecord::key).toList());
    for (int i = 0; i < examples.size(); i++) {
      assertThat(batched.get(i).vector()).as("embedding of race %d", i + 1)
          .hasSize(EMBEDDING_DIM).containsExactly(single.get(i).vector(), within(1e-5f));
    }
  }

  private static List<EmbeddingRecord> embed(List<Example> examples, int batchSize) throws Exception {
    try (var harness = inferenceHarness(settings(batchSize, 10))) {
      harness.open();
      harness.processElement2(new StreamRecord<>(secondSnapshot));
      for (Example example : examples) {
        harness.processElement1(new StreamRecord<>(example));
      }
      harness.prepareSnapshotPreBarrier(1);
      return harness.extractOutputValues();
    }
  }

  private static Example reembedding(Example change, long previousRequestMillis) {
    return new Example(change.seedTable(), change.seedKey(), change.seedTimeMillis(), change.commitTimeMillis(),
        change.rows(), previousRequestMillis);
  }
}
