package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.masking.MaskedExample;
import io.relstream.tokenize.TokenizedExample;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RelationalEncoderModelTest {
  private final SyntheticRows rows = new SyntheticRows();

  private static EncoderConfig config(int seed) {
    // A higher rate than the default 1e-3 so that 150 steps learn the synthetic rule.
    return SyntheticRows.smallEncoder().learningRate(3e-3f).seed(seed).build();
  }

  @Test
  void embedReturnsUnitVectorPerExample() {
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      float[][] embeddings = model.embed(rows.everyCategory());

      assertThat(embeddings).hasDimensions(SyntheticRows.VALUES, 16);
      for (float[] embedding : embeddings) {
        double squares = 0;
        for (float x : embedding) {
          squares += x * x;
        }
        assertThat(Math.sqrt(squares)).isCloseTo(1.0, Offset.offset(1e-4));
      }
      assertThat(embeddings[0]).isNotEqualTo(embeddings[1]);
    }
  }

  @Test
  void trainingLearnsDeterministicCells() {
    List<StepResult> results = new ArrayList<>();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      for (int i = 0; i < 150; i++) {
        results.add(model.trainStep(rows.maskedBatch(32)));
      }
      assertThat(model.step()).isEqualTo(150);
    }

    for (StepResult result : results) {
      assertThat(result.loss()).as("loss of step %d", result.step()).isFinite();
      assertThat(result.maskedTokens())
          .as("masked tokens of step %d", result.step())
          .isGreaterThanOrEqualTo(32);
    }
    List<StepResult> first = results.subList(0, 20);
    List<StepResult> last = results.subList(130, 150);
    assertThat(mean(last, StepResult::loss)).isLessThan(0.2 * mean(first, StepResult::loss));
    assertThat(mean(last, StepResult::maskedAccuracy))
        .isGreaterThan(mean(first, StepResult::maskedAccuracy) + 0.4);
    assertThat(mean(last, StepResult::maskedAccuracy)).isGreaterThan(0.9);
  }

  @Test
  void oneStepChangesWeightsInEachAttentionMode() {
    for (AttentionMode mode : AttentionMode.values()) {
      EncoderConfig config = SyntheticRows.smallEncoder().attention(mode).build();
      try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
        byte[] before = model.saveParameters();
        float[][] embeddings = model.embed(rows.everyCategory());

        StepResult result = model.trainStep(rows.maskedBatch(8));

        assertThat(embeddings).as("%s embeddings", mode).hasDimensions(SyntheticRows.VALUES, 16);
        assertThat(result.loss()).as("%s loss", mode).isFinite().isPositive();
        assertThat(result.maskedTokens()).as("%s masked tokens", mode).isPositive();
        assertThat(model.saveParameters()).as("%s weights", mode).isNotEqualTo(before);
      }
    }
  }

  @Test
  void relationBiasLearnsFromContext() {
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      float[][] initial = model.parameterValues("relationBias");
      assertThat(initial).hasNumberOfRows(2);
      assertThat(initial[0]).hasSize(4 * AttentionBias.RELATIONS).containsOnly(0f);

      for (int i = 0; i < 5; i++) {
        model.trainStep(rows.maskedBatchWithChildren(8));
      }

      for (float[] layer : model.parameterValues("relationBias")) {
        assertThat(layer).as("relation bias of a layer after 5 steps").isNotEqualTo(initial[0]);
      }
    }
  }

  @Test
  void relationBiasOffAddsNoParameter() {
    EncoderConfig config = SyntheticRows.smallEncoder().relationBias(false).build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      assertThat(model.parameterValues("relationBias")).isEmpty();
      assertThat(model.trainStep(rows.maskedBatchWithChildren(8)).loss()).isFinite();
    }
  }

  @Test
  void relationalAttentionWithEightHeadsTrains() {
    EncoderConfig config = SyntheticRows.smallEncoder().heads(8).build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      StepResult result = model.trainStep(rows.maskedBatch(8));

      assertThat(result.loss()).isFinite();
      assertThat(model.step()).isEqualTo(1);
    }
  }

  private static double mean(List<StepResult> results, ToDoubleFunction<StepResult> metric) {
    return results.stream().mapToDouble(metric).average().orElseThrow();
  }

  @Test
  void saveAndLoadGiveIdenticalEmbeddings() {
    TokenBatch probe = rows.everyCategory();
    try (RelationalEncoderModel trained = new RelationalEncoderModel(config(42));
        RelationalEncoderModel restored = new RelationalEncoderModel(config(7))) {
      for (int i = 0; i < 5; i++) {
        trained.trainStep(rows.maskedBatch(16));
      }
      float[][] expected = trained.embed(probe);
      assertThat(restored.embed(probe)).as("before loading").isNotEqualTo(expected);

      restored.loadParameters(trained.saveParameters(), trained.step());

      assertThat(restored.embed(probe)).isEqualTo(expected);
      assertThat(restored.step()).isEqualTo(5);
      StepResult next = restored.trainStep(rows.maskedBatch(16));
      assertThat(next.loss()).isFinite();
      assertThat(next.step()).isEqualTo(6);
      assertThat(restored.embed(probe))
          .as("after training the loaded weights")
          .isNotEqualTo(expected);
    }
  }

  /**
   * A model that loads another's weights and optimizer state after 4 steps and trains 3 more ends
   * with the same weights, bit for bit, as the model that trained all 7. The restored model starts
   * from another seed, so nothing but the loaded state can make them equal.
   */
  @Test
  void optimizerStateResumesTrainingExactly() {
    OptimizerConfig optimizer = OptimizerConfig.withLearningRate(3e-3f).withSchedule(0.01f, 5, 0.5f);
    List<TokenBatch> batches = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      batches.add(rows.maskedBatch(16));
    }
    byte[] uninterrupted;
    byte[] weightsAtFour;
    byte[] optimizerAtFour;
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42), optimizer)) {
      for (int i = 0; i < 4; i++) {
        model.trainStep(batches.get(i));
      }
      weightsAtFour = model.saveParameters();
      optimizerAtFour = model.saveOptimizerState();
      for (int i = 4; i < 7; i++) {
        model.trainStep(batches.get(i));
      }
      uninterrupted = model.saveParameters();
    }

    try (RelationalEncoderModel restored = new RelationalEncoderModel(config(7), optimizer);
        RelationalEncoderModel weightsOnly = new RelationalEncoderModel(config(7), optimizer)) {
      restored.loadParameters(weightsAtFour, 4);
      restored.loadOptimizerState(optimizerAtFour);
      weightsOnly.loadParameters(weightsAtFour, 4);
      for (int i = 4; i < 7; i++) {
        restored.trainStep(batches.get(i));
        weightsOnly.trainStep(batches.get(i));
      }

      assertThat(restored.saveParameters()).isEqualTo(uninterrupted);
      assertThat(restored.learningRate()).isEqualTo(3e-3f);
      assertThat(weightsOnly.saveParameters())
          .as("weights trained on without the optimizer state")
          .isNotEqualTo(uninterrupted);
    }
  }

  /**
   * PyTorch's grad mode is per thread and on in a fresh thread, as in a Flink task restarted after
   * a failure; a step there must still update the weights in place.
   */
  @Test
  void stepRunsOnFreshThread() throws Exception {
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      TokenBatch batch = rows.maskedBatch(8);
      List<StepResult> results = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      Thread thread = new Thread(() -> {
        try {
          results.add(model.trainStep(batch));
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      thread.start();
      thread.join();

      assertThat(failures).isEmpty();
      assertThat(results).extracting(StepResult::step).containsExactly(1L);
    }
  }

  @Test
  void loadRejectsParametersOfAnotherShape() {
    EncoderConfig wider = SyntheticRows.smallEncoder().modelDim(48).build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42));
        RelationalEncoderModel other = new RelationalEncoderModel(wider)) {
      byte[] parameters = other.saveParameters();

      assertThatThrownBy(() -> model.loadParameters(parameters, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not match");
      assertThatThrownBy(() -> model.loadParameters(new byte[] {1, 2, 3}, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid encoder parameters");
    }
  }

  @Test
  void sameSeedGivesSameFirstLoss() {
    TokenBatch batch = rows.maskedBatch(16);
    float[] losses = new float[3];
    int[] seeds = {42, 42, 43};
    for (int i = 0; i < seeds.length; i++) {
      try (RelationalEncoderModel model = new RelationalEncoderModel(config(seeds[i]))) {
        losses[i] = model.trainStep(batch).loss();
      }
    }

    assertThat(losses[1]).isEqualTo(losses[0]);
    assertThat(losses[2]).as("another seed").isNotEqualTo(losses[0]);
  }

  @Test
  void batchWithoutMasksChangesNothing() {
    TokenBatch probe = rows.everyCategory();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      float[][] before = model.embed(probe);

      StepResult result = model.trainStep(rows.maskedBatch(8).withoutMasks());

      assertThat(result.maskedTokens()).isZero();
      assertThat(model.step()).isZero();
      assertThat(model.embed(probe)).isEqualTo(before);
    }
  }

  @Test
  void embedIgnoresMasks() {
    TokenBatch masked = rows.maskedBatch(8);
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      assertThat(masked.maskedTokenCount()).isPositive();
      assertThat(model.embed(masked)).isEqualTo(model.embed(masked.withoutMasks()));
    }
  }

  @Test
  void batchLongerThanMaxTokensIsRejected() {
    EncoderConfig shortConfig = SyntheticRows.smallEncoder().maxTokens(2).build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(shortConfig)) {
      TokenBatch batch = rows.maskedBatch(4);

      assertThatThrownBy(() -> model.trainStep(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Batch length 3 exceeds maxTokens 2");
    }
  }

  @Test
  void stepsReleaseTheirArrays() {
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      // The first step creates AdamW's moment arrays, which live as long as the model.
      model.trainStep(rows.maskedBatch(8));
      model.embed(rows.everyCategory());
      int before = model.managedArrayCount();
      assertThat(before).isPositive();

      for (int i = 0; i < 3; i++) {
        model.trainStep(rows.maskedBatch(8));
        model.embed(rows.everyCategory());
      }

      assertThat(model.managedArrayCount()).isEqualTo(before);
    }
  }

  /**
   * A NaN in a numeric input makes every gradient NaN. The step is dropped without touching the
   * weights or the step count, and the next good batch trains as usual, so no NaN gradient lingers.
   */
  @Test
  void nonFiniteGradientSkipsStep() throws ReflectiveOperationException {
    try (RelationalEncoderModel model = new RelationalEncoderModel(config(42))) {
      model.trainStep(rows.maskedBatch(8));
      byte[] before = model.saveParameters();

      StepResult skipped = model.trainStep(batchWithNaN(8));

      assertThat(skipped.maskedTokens()).isZero();
      assertThat(skipped.step()).isEqualTo(1);
      assertThat(model.skippedSteps()).isEqualTo(1);
      assertThat(model.saveParameters()).isEqualTo(before);
      StepResult next = model.trainStep(rows.maskedBatch(8));
      assertThat(next.step()).isEqualTo(2);
      assertThat(next.loss()).isFinite();
      assertThat(model.saveParameters()).isNotEqualTo(before);
      assertThat(model.embed(rows.everyCategory())[0]).doesNotContain(Float.NaN);
    }
  }

  /** Returns a masked batch whose first example carries NaN in every numeric input. */
  private TokenBatch batchWithNaN(int size) throws ReflectiveOperationException {
    List<MaskedExample> examples = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      examples.add(rows.masked(i % SyntheticRows.VALUES));
    }
    // The tokenizer never emits NaN, so the test writes it into the example's own array.
    Field field = TokenizedExample.class.getDeclaredField("numericValues");
    field.setAccessible(true);
    Arrays.fill((float[]) field.get(examples.get(0).example()), Float.NaN);
    return TokenBatch.collate(examples, SyntheticRows.TOKENIZER.maxTokens());
  }
}
