package io.relstream.modelstore;

/**
 * Training metrics over the last steps before a model version; a mean without values is NaN.
 *
 * @param steps the number of steps the means cover
 * @param loss mean total loss
 * @param classificationLoss mean cross-entropy of the classification head
 * @param regressionLoss mean Huber loss of the regression head
 * @param maskedAccuracy mean share of masked class targets predicted right, over the steps that
 *     had class targets
 */
public record ModelMetrics(
    int steps, double loss, double classificationLoss, double regressionLoss, double maskedAccuracy) {

  /** Returns the metrics of a version written before any step. */
  public static ModelMetrics none() {
    return new ModelMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}
