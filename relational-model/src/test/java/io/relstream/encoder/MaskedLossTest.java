package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MaskedLossTest {
  private static final int VOCABULARY = 20;
  private static final int[] A_CLASSES = {2, 5};
  private static final int[] B_CLASSES = {3, 7, 9};

  /** Two class targets of column a, one of column b, and two regression targets of column c. */
  private static MaskedTargets targets() {
    MaskedTargets.Builder builder = new MaskedTargets.Builder();
    builder.addClass(0, 2, "t.a", A_CLASSES);
    builder.addClass(1, 5, "t.a", A_CLASSES);
    builder.addClass(2, 7, "t.b", B_CLASSES);
    builder.addRegression(3, 0.5f, "t.c");
    builder.addRegression(4, 0f, "t.c");
    return builder.build();
  }

  @Test
  void targetsWeighColumnsEqually() {
    MaskedTargets targets = targets();

    assertThat(targets.classWeights()).containsExactly(0.25f, 0.25f, 0.5f);
    assertThat(targets.classColumns()).containsExactly(0L, 0L, 1L);
    assertThat(targets.regressionWeights()).containsExactly(0.5f, 0.5f);
  }

  @Test
  void lossAveragesColumnsOverOwnClasses() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // Uniform logits over the allowed classes, and a large logit at id 0, which no column allows.
      float[] logits = new float[3 * VOCABULARY];
      for (int row = 0; row < 3; row++) {
        logits[row * VOCABULARY] = 10f;
      }
      NDList outputs =
          new NDList(
              manager.create(logits, new Shape(3, VOCABULARY)),
              manager.create(new float[] {0f, 3f}));

      MaskedLoss.Terms terms = MaskedLoss.compute(outputs, targets(), manager, 1f);

      double classification = 0.5 * Math.log(2) + 0.5 * Math.log(3);
      // Huber with delta 1: 0.5 * 0.5^2 for the first error, 3 - 0.5 for the second.
      double regression = 0.5 * 0.125 + 0.5 * 2.5;
      assertThat(terms.classification()).isCloseTo((float) classification, Offset.offset(1e-5f));
      assertThat(terms.regression()).isCloseTo((float) regression, Offset.offset(1e-5f));
      assertThat(terms.total().getFloat())
          .isCloseTo((float) (classification + regression), Offset.offset(1e-5f));
    }
  }

  @Test
  void accuracyIgnoresOtherColumnsClasses() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] logits = new float[3 * VOCABULARY];
      int[] targetsByRow = {2, 5, 7};
      for (int row = 0; row < 3; row++) {
        logits[row * VOCABULARY] = 10f;
        logits[row * VOCABULARY + targetsByRow[row]] = 1f;
      }
      NDList outputs =
          new NDList(
              manager.create(logits, new Shape(3, VOCABULARY)),
              manager.create(new float[] {0.5f, 0f}));

      MaskedLoss.Terms terms = MaskedLoss.compute(outputs, targets(), manager, 1f);

      assertThat(terms.accuracy()).isEqualTo(1f);
    }
  }

  @Test
  void classMaskKeepsTargetOutsideColumnClasses() {
    MaskedTargets.Builder builder = new MaskedTargets.Builder();
    builder.addClass(0, 11, "t.a", A_CLASSES);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray mask = MaskedLoss.classMask(builder.build(), VOCABULARY, manager);

      float[] row = mask.toFloatArray();
      assertThat(row[2]).isZero();
      assertThat(row[5]).isZero();
      assertThat(row[11]).isZero();
      assertThat(row[3]).isEqualTo(AttentionBias.BLOCKED);
    }
  }
}
