package io.relstream.inference;

import static io.relstream.inference.InferenceFixtures.races;
import static io.relstream.inference.InferenceFixtures.trainer;
import static io.relstream.inference.InferenceFixtures.trainerHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.batching.ExampleBatch;
import io.relstream.publish.TrainingProgress;
import io.relstream.training.TrainingFunction;
import java.time.Duration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The training operator with the inference path: it sends snapshots and skips batches while it rests. */
class TrainerSkipsTest {

  @Test
  void restingTrainerSkipsBatch() throws Exception {
    // A busy fraction of 1e-6 rests a million times as long as a step, so the second batch arrives during the rest.
    InferenceSettings settings = new InferenceSettings(true, 1, 1, Duration.ZERO, 1, Duration.ofMinutes(1), 1, 1e-6);
    try (var harness = trainerHarness(trainer(settings))) {
      harness.open();
      harness.processElement(new ExampleBatch(races(1, 3)), 0);
      harness.processElement(new ExampleBatch(races(4, 3)), 0);

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(TrainingFunction.PROGRESS)).extracting(StreamRecord::getValue)
          .extracting(value -> ((TrainingProgress) value).step()).containsExactly(1L);
      assertThat(harness.getSideOutput(TrainingFunction.MODEL_SNAPSHOTS)).hasSize(1);
    }
  }

  @Test
  void snapshotsFollowStepInterval() throws Exception {
    InferenceSettings settings = new InferenceSettings(true, 1, 1, Duration.ZERO, 2, Duration.ofMinutes(1), 1, 1.0);
    try (var harness = trainerHarness(trainer(settings))) {
      harness.open();
      for (int batch = 0; batch < 4; batch++) {
        harness.processElement(new ExampleBatch(races(1 + 3 * batch, 3)), 0);
      }

      assertThat(harness.getSideOutput(TrainingFunction.MODEL_SNAPSHOTS)).extracting(StreamRecord::getValue)
          .extracting(value -> ((ModelSnapshot) value).step()).containsExactly(1L, 3L);
    }
  }
}
