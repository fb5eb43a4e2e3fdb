package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The training loss over masked tokens: softmax cross-entropy on the class logits plus a weighted
 * Huber loss on the regression predictions. Stateless.
 */
final class MaskedLoss {
  private MaskedLoss() {}

  /** The loss terms of one batch, where {@code total} is the array to differentiate. */
  record Terms(NDArray total, float classification, float regression, float accuracy, boolean[] classHits) {}

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
      NDArray classes = manager.create(targets.classTargets());
      classification = crossEntropy(logits, classes);
      hits = logits.argMax(1).eq(classes).toBooleanArray();
      accuracy = accuracy(hits);
    } else {
      classification = logits.sum();
    }
    NDArray regression =
        targets.regressionPositions().length > 0
            ? huber(predictions, manager.create(targets.regressionTargets()))
            : predictions.sum();
    NDArray total = classification.add(regression.mul(regressionWeight));
    return new Terms(total, classification.getFloat(), regression.getFloat(), accuracy, hits);
  }

  private static NDArray crossEntropy(NDArray logits, NDArray classes) {
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray picked = logProbabilities.gather(classes.reshape(-1, 1), 1);
    return picked.mean().neg();
  }

  /** Returns the mean Huber loss with delta 1: quadratic within 1 of the target, linear beyond. */
  private static NDArray huber(NDArray predictions, NDArray targets) {
    NDArray error = predictions.sub(targets).abs();
    NDArray quadratic = error.minimum(1f);
    NDArray linear = error.sub(quadratic);
    return quadratic.square().mul(0.5f).add(linear).mean();
  }

  private static float accuracy(boolean[] hits) {
    int correct = 0;
    for (boolean hit : hits) {
      correct += hit ? 1 : 0;
    }
    return (float) correct / hits.length;
  }
}
