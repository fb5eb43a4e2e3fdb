package io.relstream.encoder;

/**
 * The outcome of one training step.
 *
 * @param step the model's step count after this step
 * @param loss the total loss: classification loss plus the weighted regression loss
 * @param classificationLoss mean cross-entropy over masked tokens with a class target, or 0 when
 *     there were none
 * @param regressionLoss mean Huber loss (delta 1) over masked tokens with a regression target, or 0
 *     when there were none
 * @param maskedAccuracy the share of masked class targets whose highest logit is the target, or NaN
 *     when there were none
 * @param maskedTokens the number of masked tokens in the batch, where 0 means that the step changed
 *     nothing
 * @param classHits per masked token with a class target, in flat position order ({@code b * L +
 *     t}), whether its highest logit is the target. It is empty when the step reports no targets.
 */
public record StepResult(
    long step,
    float loss,
    float classificationLoss,
    float regressionLoss,
    float maskedAccuracy,
    int maskedTokens,
    boolean[] classHits) {

  /** Creates a result without per-target hits. */
  public StepResult(
      long step, float loss, float classificationLoss, float regressionLoss, float maskedAccuracy, int maskedTokens) {
    this(step, loss, classificationLoss, regressionLoss, maskedAccuracy, maskedTokens, new boolean[0]);
  }
}
