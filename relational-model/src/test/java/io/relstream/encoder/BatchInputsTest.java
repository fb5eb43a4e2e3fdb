package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.relstream.masking.MaskedExample;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.ValueIds;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BatchInputsTest {
  private static final int C_COLUMN = 2;
  private static final EncoderConfig CONFIG = SyntheticRows.smallEncoder().build();
  private final SyntheticRows rows = new SyntheticRows();

  /** Masks exactly the listed tokens, which are cells of one token each in these rows. */
  private static MaskedExample maskTokens(TokenizedExample example, int... tokens) {
    boolean[] masked = new boolean[example.cellCount()];
    for (int token : tokens) {
      masked[example.cellIndex(token)] = true;
    }
    return new MaskedExample(example, masked);
  }

  @Test
  void collatePadsToLongestExample() {
    TokenBatch batch =
        TokenBatch.collate(
            List.of(maskTokens(rows.tokenized(1), 0), maskTokens(rows.withChildren(2, 1), 4)), 128);

    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.length()).isEqualTo(6);
    assertThat(batch.maskedTokenCount()).isEqualTo(2);
    assertThat(batch.isReal(2)).isTrue();
    assertThat(batch.isReal(3)).isFalse();
    assertThat(batch.isMasked(6 + 4)).isTrue();
    assertThat(batch.withoutMasks().maskedTokenCount()).isZero();
    assertThat(batch.withoutMasks().example(1)).isSameAs(batch.example(1));
  }

  @Test
  void collateCutsAtMaxTokensWithTheirMasks() {
    TokenBatch batch = TokenBatch.collate(List.of(maskTokens(rows.withChildren(2, 3), 1, 7)), 4);

    assertThat(batch.length()).isEqualTo(4);
    assertThat(batch.maskedTokenCount()).isEqualTo(1);
  }

  @Test
  void collateRejectsEmptyBatchAndInvalidMaxTokens() {
    assertThatThrownBy(() -> TokenBatch.collate(List.of(), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one example");
    assertThatThrownBy(() -> TokenBatch.collateUnmasked(List.of(rows.tokenized(0)), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be at least 1 but was 0");
  }

  @Test
  void inputsHideMaskedTokensAndPadding() {
    // Category 5 has c = 50, away from the median, so its normalized value is not zero.
    TokenizedExample item = rows.tokenized(5);
    TokenBatch batch =
        TokenBatch.collate(
            List.of(maskTokens(item, C_COLUMN), maskTokens(rows.withChildren(2, 1), 0)), 128);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList inputs = BatchInputs.encoderInputs(batch, manager, CONFIG);
      NDList visible = BatchInputs.encoderInputs(batch.withoutMasks(), manager, CONFIG);

      assertThat(inputs).hasSize(12);
      assertThat(inputs.get(0).getShape()).isEqualTo(new Shape(2, 6));
      assertThat(inputs.get(5).getShape()).isEqualTo(new Shape(2, 6, TokenBatch.NUMERIC_FEATURES));
      long[] valueIds = inputs.get(0).toLongArray();
      float[] numeric = inputs.get(5).toFloatArray();
      float[] real = inputs.get(6).toFloatArray();
      assertThat(valueIds[C_COLUMN]).isEqualTo(ValueIds.MASK);
      assertThat(numeric[C_COLUMN * TokenBatch.NUMERIC_FEATURES]).isZero();
      assertThat(valueIds[0]).isEqualTo(item.valueId(0));
      assertThat(valueIds[3]).isEqualTo(ValueIds.PAD);
      assertThat(real).containsExactly(1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1);
      assertThat(valueIds[6]).isEqualTo(ValueIds.MASK);

      assertThat(visible.get(0).toLongArray()[C_COLUMN]).isEqualTo(item.valueId(C_COLUMN));
      assertThat(visible.get(5).toFloatArray()[C_COLUMN * TokenBatch.NUMERIC_FEATURES])
          .isEqualTo(item.numericValue(C_COLUMN))
          .isNotZero();
      assertThat(inputs.get(4).toLongArray()[6 + 3]).as("row index of the child").isEqualTo(1);
    }
  }

  @Test
  void namePiecesFollowTokens() {
    TokenizedExample item = rows.tokenized(2);
    TokenBatch batch = TokenBatch.collateUnmasked(List.of(item), 128);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList inputs = BatchInputs.encoderInputs(batch, manager, CONFIG);
      int pieces = CONFIG.namePieces();

      assertThat(inputs.get(7).getShape()).isEqualTo(new Shape(1, 3, pieces));
      assertThat(inputs.get(8).getShape()).isEqualTo(new Shape(1, 3, pieces));
      long[] columnPieces = inputs.get(7).toLongArray();
      long[] tablePieces = inputs.get(8).toLongArray();
      for (int t = 0; t < item.size(); t++) {
        for (int p = 0; p < pieces; p++) {
          assertThat(columnPieces[t * pieces + p])
              .as("column piece %d of token %d", p, t)
              .isEqualTo(item.columnPiece(t, p));
          assertThat(tablePieces[t * pieces + p])
              .as("table piece %d of token %d", p, t)
              .isEqualTo(item.tablePiece(t, p));
        }
      }
    }
  }

  @Test
  void collateRejectsMixedTokenizerVersions() {
    SyntheticRows later = new SyntheticRows();
    later.refreshAgain();

    assertThatThrownBy(
            () ->
                TokenBatch.collateUnmasked(List.of(rows.tokenized(1), later.tokenized(1)), 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes tokenizer versions 1 and 2");
  }

  @Test
  void rowIndexesAreCappedAtRowLimit() {
    TokenBatch batch = TokenBatch.collateUnmasked(List.of(rows.withChildren(0, 4)), 128);
    try (NDManager manager = NDManager.newBaseManager()) {
      long[] rowIds =
          BatchInputs.encoderInputs(
                  batch, manager, SyntheticRows.smallEncoder().maxTokens(3).build())
              .get(4)
              .toLongArray();

      assertThat(rowIds[14]).isEqualTo(2);
    }
  }

  @Test
  void idsOutsideEncoderRangeAreRejected() {
    EncoderConfig fewColumns =
        EncoderConfig.builder(TokenizerConfig.builder().columnIdBuckets(1).build()).build();
    EncoderConfig smallVocabulary =
        EncoderConfig.builder(
                TokenizerConfig.builder()
                    .numericBins(2)
                    .categoryVocabulary(1)
                    .hashBuckets(2)
                    .build())
            .build();
    TokenBatch batch = TokenBatch.collateUnmasked(List.of(rows.tokenized(5)), 128);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> BatchInputs.encoderInputs(batch, manager, fewColumns))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column id")
          .hasMessageContaining("[0, 1)");
      assertThatThrownBy(() -> BatchInputs.encoderInputs(batch, manager, smallVocabulary))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("value id");
      assertThat(BatchInputs.encoderInputs(batch, manager, CONFIG)).hasSize(12);
    }
  }

  @Test
  void poolingAveragesSeedOrAllTokens() {
    TokenBatch batch =
        TokenBatch.collateUnmasked(
            List.of(rows.withChildren(1, 1), rows.tagWithChildren(2), rows.tagWithChildren(0)),
            128);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] weights = BatchInputs.poolingWeights(batch, manager).toFloatArray();

      float third = 1f / 3;
      float sixth = 1f / 6;
      assertThat(weights)
          .containsExactly(
              new float[] {
                third, third, third, 0, 0, 0, sixth, sixth, sixth, sixth, sixth, sixth, 0, 0, 0, 0,
                0, 0
              },
              Offset.offset(1e-6f));
    }
  }

  @Test
  void maskedTargetsListClassAndRegressionPositions() {
    TokenizedExample item = rows.tokenized(4);
    TokenBatch batch =
        TokenBatch.collate(
            List.of(maskTokens(rows.withChildren(2, 1)), maskTokens(item, 0, C_COLUMN)), 128);

    MaskedTargets targets = BatchInputs.maskedTargets(batch);

    assertThat(targets.classPositions()).containsExactly(6, 6 + C_COLUMN);
    assertThat(targets.classTargets())
        .containsExactly(item.targetClass(0), item.targetClass(C_COLUMN));
    assertThat(targets.regressionPositions()).containsExactly(6 + C_COLUMN);
    assertThat(targets.regressionTargets()).containsExactly(item.targetValue(C_COLUMN));
    assertThat(BatchInputs.maskedTargets(batch.withoutMasks()).isEmpty()).isTrue();
  }
}
