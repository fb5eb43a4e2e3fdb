package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Loading weights, as the inference operator does for every model snapshot, keeps no arrays beyond
 * the model's own.
 */
class ParameterLoadReleaseTest {
  private final SyntheticRows rows = new SyntheticRows();

  @Test
  void loadsAndSavesReleaseTheirArrays() {
    try (RelationalEncoderModel trained = new RelationalEncoderModel(SyntheticRows.smallEncoder().seed(1).build());
        RelationalEncoderModel serving = new RelationalEncoderModel(SyntheticRows.smallEncoder().seed(2).build())) {
      trained.trainStep(rows.maskedBatch(8));
      serving.loadParameters(trained.saveParameters(), trained.step());
      serving.embed(rows.everyCategory());
      int before = serving.managedArrayCount();

      for (int i = 0; i < 5; i++) {
        trained.trainStep(rows.maskedBatch(8));
        serving.loadParameters(trained.saveParameters(), trained.step());
        serving.embed(rows.everyCategory());
      }

      assertThat(serving.managedArrayCount()).isEqualTo(before);
      assertThat(serving.embed(rows.everyCategory())).isDeepEqualTo(trained.embed(rows.everyCategory()));
    }
  }
}
