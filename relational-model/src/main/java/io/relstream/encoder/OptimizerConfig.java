package io.relstream.encoder;

import java.io.Serializable;

/**
 * Settings of the AdamW optimizer with linear warm-up and global-norm gradient clipping. The
 * canonical constructor validates every field, and an error names the field, its allowed range and
 * the rejected value.
 *
 * @param learningRate the peak learning rate, reached at the end of the warm-up
 * @param weightDecay the decoupled weight decay per unit of learning rate, applied to matrices
 *     (parameters of rank 2 or more) but not to biases and LayerNorm scales
 * @param warmupSteps the number of steps over which the learning rate rises linearly from {@code
 *     learningRate / warmupSteps} to {@code learningRate}; 0 starts at the peak
 * @param clipNorm the largest global L2 norm of the gradients; a larger gradient is scaled down to
 *     this norm, and 0 turns clipping off
 * @param beta1 the decay rate of the first-moment estimate
 * @param beta2 the decay rate of the second-moment estimate
 * @param epsilon the term added to the denominator for numerical stability
 */
public record OptimizerConfig(
    float learningRate,
    float weightDecay,
    int warmupSteps,
    float clipNorm,
    float beta1,
    float beta2,
    float epsilon)
    implements Serializable {

  public OptimizerConfig {
    check("learningRate", learningRate, learningRate > 0 && learningRate <= 1, "(0, 1]");
    check("weightDecay", weightDecay, weightDecay >= 0 && weightDecay <= 1, "[0, 1]");
    if (warmupSteps < 0 || warmupSteps > 100_000_000) {
      throw new IllegalArgumentException(
          "warmupSteps must be in [0, 100000000] but was " + warmupSteps);
    }
    check("clipNorm", clipNorm, clipNorm >= 0 && clipNorm <= 1e6f, "[0, 1e6]");
    check("beta1", beta1, beta1 >= 0 && beta1 < 1, "[0, 1)");
    check("beta2", beta2, beta2 >= 0 && beta2 < 1, "[0, 1)");
    check("epsilon", epsilon, epsilon > 0 && epsilon <= 1, "(0, 1]");
  }

  /**
   * Returns AdamW with the given learning rate, weight decay 0.01, no warm-up, clipping at norm 1
   * and the usual betas (0.9, 0.999) and epsilon (1e-8).
   */
  public static OptimizerConfig withLearningRate(float learningRate) {
    return new OptimizerConfig(learningRate, 0.01f, 0, 1f, 0.9f, 0.999f, 1e-8f);
  }

  /** Returns a copy with another weight decay, warm-up and clip norm. */
  public OptimizerConfig withSchedule(float decay, int warmup, float clip) {
    return new OptimizerConfig(learningRate, decay, warmup, clip, beta1, beta2, epsilon);
  }

  /**
   * Returns the learning rate of a step, counted from 1: linear warm-up to the peak, then constant.
   */
  public float learningRateAt(long step) {
    if (warmupSteps == 0 || step >= warmupSteps) {
      return learningRate;
    }
    return (float) ((double) learningRate * Math.max(1, step) / warmupSteps);
  }

  private static void check(String field, float value, boolean valid, String range) {
    if (!valid) {
      throw new IllegalArgumentException(field + " must be in " + range + " but was " + value);
    }
  }
}
