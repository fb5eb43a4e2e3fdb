package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The training loss over masked tokens: softmax cross-entropy on the class logits plus a weighted
 * Huber loss on the regression predictions. Each term is averaged per column first and then over
 * the columns, so a column with many masked cells in a batch does not drown one with few.
 * Cross-entropy runs over the classes of each target's own column only. Stateless.
 */
final class MaskedLoss {
  private MaskedLoss() {}

  /**
   * The loss terms of one batch, where {@code total} is the array to differentiate and {@code
   * accuracy} the share of class targets whose most likely class among their column's classes is
   * right. {@code classHits} holds, per class target, whether that prediction is right.
   */
  record Terms(
      NDArray total, float classification, float regression, float accuracy, boolean[] classHits) {}

  /**
   * Computes the loss of the heads' outputs {@code [logits [Nc, V], predictions [Nr]]}. A term
   * without targets is the sum of its empty output, which is 0 but keeps the head in the graph, so
   * every trainable parameter gets a gradient.
   */
  static Terms compute(
      NDList outputs, MaskedTargets targets, NDManager manager, float regressionWeight) {
    NDArray logits = outputs.get(0);
    NDArray predictions = outputs.get(1);
    NDArray classification;
    float accuracy = Float.NaN;
    boolean[] hits = new boolean[0];
    if (targets.classPositions().length > 0) {
      NDArray restricted = logits.add(classMask(targets, logits.getShape().get(1), manager));
      NDArray classes = manager.create(targets.classTargets());
      classification = crossEntropy(restricted, classes, manager.create(targets.classWeights()));
      hits = restricted.argMax(1).eq(classes).toBooleanArray();
      accuracy = accuracy(hits);
    } else {
      classification = logits.sum();
    }
    NDArray regression =
        targets.regressionPositions().length > 0
            ? huber(
                predictions,
                manager.create(targets.regressionTargets()),
                manager.create(targets.regressionWeights()))
            : predictions.sum();
    NDArray total = classification.add(regression.mul(regressionWeight));
    return new Terms(total, classification.getFloat(), regression.getFloat(), accuracy, hits);
  }

  /**
   * Returns the additive mask {@code [Nc, V]}: 0 at the class ids of each target's column and at
   * the target itself, {@link AttentionBias#BLOCKED} elsewhere. The target is always kept, so a
   * target outside its column's classes costs a finite loss instead of an infinite one.
   */
  static NDArray classMask(MaskedTargets targets, long vocabulary, NDManager manager) {
    int[][] columnClassIds = targets.columnClassIds();
    int width = Math.toIntExact(vocabulary);
    float[] mask = new float[columnClassIds.length * width];
    Arrays.fill(mask, AttentionBias.BLOCKED);
    for (int column = 0; column < columnClassIds.length; column++) {
      for (int id : columnClassIds[column]) {
        mask[column * width + id] = 0f;
      }
    }
    long[] classColumns = targets.classColumns();
    long[] classTargets = targets.classTargets();
    for (int i = 0; i < classColumns.length; i++) {
      mask[(int) classColumns[i] * width + (int) classTargets[i]] = 0f;
    }
    NDArray perColumn = manager.create(mask, new Shape(columnClassIds.length, width));
    return perColumn.get(manager.create(classColumns));
  }

  private static NDArray crossEntropy(NDArray logits, NDArray classes, NDArray weights) {
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray picked = logProbabilities.gather(classes.reshape(-1, 1), 1).reshape(-1);
    return picked.mul(weights).sum().neg();
  }

  /**
   * Returns the weighted sum of the Huber loss with delta 1: quadratic within 1 of the target,
   * linear beyond.
   */
  private static NDArray huber(NDArray predictions, NDArray targets, NDArray weights) {
    NDArray error = predictions.sub(targets).abs();
    NDArray quadratic = error.minimum(1f);
    NDArray linear = error.sub(quadratic);
    return quadratic.square().mul(0.5f).add(linear).mul(weights).sum();
  }

  private static float accuracy(boolean[] hits) {
    int correct = 0;
    for (boolean hit : hits) {
      correct += hit ? 1 : 0;
    }
    return (float) correct / hits.length;
  }
}
