package io.relstream.inference;

import java.io.Serializable;
import java.time.Duration;

/**
 * How changed entities are embedded at once with the latest model snapshot, and how the training
 * operator keeps pace.
 *
 * @param enabled whether an inference operator publishes the embeddings. When false, the training
 *     operator embeds each batch's seeds after its step.
 * @param parallelism parallelism of the inference operator
 * @param batchSize examples per inference micro-batch
 * @param batchTimeout longest wait after a micro-batch's first example
 * @param snapshotIntervalSteps training steps between two model snapshots
 * @param snapshotInterval time after which a step also sends a snapshot, fewer steps or not
 * @param pendingCapacity examples per inference subtask that wait in state for the first snapshot;
 *     beyond it the oldest are dropped and counted
 * @param trainerMaxBusyFraction the largest share of wall time the training operator spends in
 *     steps; a batch that arrives while it rests is skipped (counted in {@code examplesSkipped})
 */
public record InferenceSettings(
    boolean enabled,
    int parallelism,
    int batchSize,
    Duration batchTimeout,
    long snapshotIntervalSteps,
    Duration snapshotInterval,
    int pendingCapacity,
    double trainerMaxBusyFraction)
    implements Serializable {

  public InferenceSettings {
    if (parallelism < 1 || batchSize < 1 || snapshotIntervalSteps < 1 || pendingCapacity < 1) {
      throw new IllegalArgumentException("Parallelism, batch size, snapshot interval steps and pending capacity"
          + " must be at least 1 but were " + parallelism + ", " + batchSize + ", " + snapshotIntervalSteps + ", "
          + pendingCapacity);
    }
    if (batchTimeout.isNegative() || snapshotInterval.isNegative()) {
      throw new IllegalArgumentException("Timeouts must not be negative but were " + batchTimeout + " and "
          + snapshotInterval);
    }
    if (!(trainerMaxBusyFraction > 0 && trainerMaxBusyFraction <= 1)) {
      throw new IllegalArgumentException(
          "The trainer's busy fraction must be in (0, 1] but was " + trainerMaxBusyFraction);
    }
  }

  /** Returns settings under which the training operator publishes embeddings and never skips a batch. */
  public static InferenceSettings off() {
    return new InferenceSettings(false, 1, 1, Duration.ZERO, 1, Duration.ZERO, 1, 1.0);
  }
}
