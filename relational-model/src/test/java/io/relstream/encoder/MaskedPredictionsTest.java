package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.masking.MaskedExample;
import io.relstream.tokenize.TokenizedExample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RelationalEncoderModel#predictMasked} on the synthetic rows, whose masked cells are predictable. */
class MaskedPredictionsTest {
  private final SyntheticRows rows = new SyntheticRows();

  @Test
  void trainedModelPredictsMaskedCategories() {
    List<MaskedExample> examples = new ArrayList<>();
    for (int category = 0; category < SyntheticRows.VALUES; category++) {
      TokenizedExample example = rows.tokenized(category);
      // Cell 1 is column b, which repeats column a.
      examples.add(new MaskedExample(example, new boolean[] {false, true, false}));
    }
    TokenBatch batch = TokenBatch.collate(examples, SyntheticRows.TOKENIZER.maxTokens());
    EncoderConfig config = SyntheticRows.smallEncoder().learningRate(3e-3f).seed(42).build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      for (int i = 0; i < 120; i++) {
        model.trainStep(rows.maskedBatch(32));
      }

      MaskedPredictions predictions = model.predictMasked(batch);

      assertThat(predictions.size()).isEqualTo(SyntheticRows.VALUES);
      assertThat(predictions.values()).hasSize(SyntheticRows.VALUES);
      int right = 0;
      for (int i = 0; i < predictions.size(); i++) {
        assertThat(predictions.examples()[i]).isEqualTo(i);
        assertThat(predictions.tokens()[i]).isEqualTo(1);
        assertThat(predictions.classLogits()[i]).hasSize(config.vocabularySize());
        TokenizedExample example = batch.example(i);
        if (argMax(predictions.classLogits()[i]) == example.targetClass(1)) {
          right++;
        }
      }
      assertThat(right).as("masked b cells predicted right").isGreaterThanOrEqualTo(SyntheticRows.VALUES - 1);
    }
  }

  @Test
  void batchWithoutMasksHasNoPredictions() {
    EncoderConfig config = SyntheticRows.smallEncoder().build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      TokenBatch batch = TokenBatch.collate(List.of(MaskedExample.unmasked(rows.tokenized(0))),
          SyntheticRows.TOKENIZER.maxTokens());

      assertThat(model.predictMasked(batch).size()).isZero();
    }
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
