package io.relstream.training;

/**
 * Keeps the training operator's share of wall time in steps at or below a fraction, so that it
 * keeps reading its input when steps take longer than batches take to arrive. After a step of
 * duration d it rests for {@code d * (1 - f) / f}; a batch that arrives during the rest is skipped
 * instead of trained. With f = 1 it never rests. Not thread-safe: used from the operator's thread.
 */
final class TrainerPacing {
  private final double maxBusyFraction;
  private boolean resting;
  private long restUntilNanos;

  TrainerPacing(double maxBusyFraction) {
    this.maxBusyFraction = maxBusyFraction;
  }

  /** Returns whether a batch that arrives at {@code nowNanos} of {@link System#nanoTime()} is skipped. */
  boolean skips(long nowNanos) {
    if (resting && nowNanos - restUntilNanos >= 0) {
      resting = false;
    }
    return resting;
  }

  /** Records a step that ran from {@code startNanos} to {@code endNanos}. */
  void stepTook(long startNanos, long endNanos) {
    if (maxBusyFraction >= 1) {
      return;
    }
    long restNanos = (long) ((endNanos - startNanos) * (1 - maxBusyFraction) / maxBusyFraction);
    resting = true;
    restUntilNanos = endNanos + restNanos;
  }
}
