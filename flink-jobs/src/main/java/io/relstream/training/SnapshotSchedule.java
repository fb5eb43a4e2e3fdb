package io.relstream.training;

/**
 * Decides after which steps the training operator sends a model snapshot to the inference
 * operator: after the first step it takes (also after a restore), then every {@code intervalSteps}
 * steps, or at the first step after {@code intervalMillis} have passed. Not thread-safe: used from
 * the operator's thread.
 */
final class SnapshotSchedule {
  private final long intervalSteps;
  private final long intervalMillis;
  private boolean sent;
  private long lastStep;
  private long lastMillis;

  SnapshotSchedule(long intervalSteps, long intervalMillis) {
    this.intervalSteps = intervalSteps;
    this.intervalMillis = intervalMillis;
  }

  /** Returns whether a snapshot is due after {@code step}, and if so records it as sent. */
  boolean dueAfter(long step, long nowMillis) {
    boolean due = !sent || step - lastStep >= intervalSteps || nowMillis - lastMillis >= intervalMillis;
    if (due) {
      sent = true;
      lastStep = step;
      lastMillis = nowMillis;
    }
    return due;
  }
}
