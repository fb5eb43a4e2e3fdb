package io.relstream.training;

import io.relstream.encoder.StepResult;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The training operator's Flink metrics: the last step's loss per head and masked accuracy, steps
 * and examples per second, seconds since the last model version and the share of wall time spent
 * in batches. Updated from the operator's thread; gauges are read from the reporter's thread, so
 * the values they read are volatile.
 */
final class TrainingMetrics {
  /** Window of the busy fraction and of the per-second rates. */
  static final int WINDOW_SECONDS = 60;

  private final Counter steps;
  private final Counter examples;
  private final Counter replayed;
  private final Counter skipped;
  private final BusyWindow busy = new BusyWindow(WINDOW_SECONDS * 1_000_000_000L);
  private volatile float loss = Float.NaN;
  private volatile float classificationLoss = Float.NaN;
  private volatile float regressionLoss = Float.NaN;
  private volatile float maskedAccuracy = Float.NaN;
  private volatile double busyFraction;

  TrainingMetrics(MetricGroup group, LongSupplier lastVersionMillis) {
    steps = group.counter("trainingSteps");
    examples = group.counter("trainingExamples");
    replayed = group.counter("replayedExamples");
    skipped = group.counter("examplesSkipped");
    group.meter("stepsPerSecond", new MeterView(steps, WINDOW_SECONDS));
    group.meter("examplesPerSecond", new MeterView(examples, WINDOW_SECONDS));
    group.gauge("lossClassification", (Gauge<Float>) () -> classificationLoss);
    group.gauge("lossRegression", (Gauge<Float>) () -> regressionLoss);
    group.gauge("maskedAccuracy", (Gauge<Float>) () -> maskedAccuracy);
    group.gauge("trainingLoss", (Gauge<Float>) () -> loss);
    group.gauge("trainerBusyFraction", (Gauge<Double>) () -> busyFraction);
    group.gauge("secondsSinceModelVersion",
        (Gauge<Double>) () -> (System.currentTimeMillis() - lastVersionMillis.getAsLong()) / 1000.0);
  }

  /**
   * Records one batch: its step result, its fresh and replayed example counts and the wall time it
   * took, from {@code startNanos} to {@code endNanos} of {@link System#nanoTime()}.
   */
  void batch(StepResult result, int size, int replayedExamples, long startNanos, long endNanos) {
    if (result.maskedTokens() > 0) {
      steps.inc();
      loss = result.loss();
      classificationLoss = result.classificationLoss();
      regressionLoss = result.regressionLoss();
      if (!Float.isNaN(result.maskedAccuracy())) {
        maskedAccuracy = result.maskedAccuracy();
      }
    }
    examples.inc(size);
    replayed.inc(replayedExamples);
    busyFraction = busy.add(startNanos, endNanos);
  }

  /** Records a batch that was skipped because the trainer was resting, from start to end of its handling. */
  void skipped(int size, long startNanos, long endNanos) {
    skipped.inc(size);
    busyFraction = busy.add(startNanos, endNanos);
  }

  long skippedExamples() {
    return skipped.getCount();
  }

  float loss() {
    return loss;
  }

  /**
   * Busy intervals over a sliding window. The fraction is the busy time inside the window divided by
   * the window, or by the time since the first interval while that time is shorter.
   */
  static final class BusyWindow {
    private final long windowNanos;
    private final ArrayDeque<long[]> intervals = new ArrayDeque<>();
    private long busyNanos;
    private long firstStart = Long.MIN_VALUE;

    BusyWindow(long windowNanos) {
      this.windowNanos = windowNanos;
    }

    /** Adds a busy interval and returns the busy fraction at its end. */
    double add(long startNanos, long endNanos) {
      if (firstStart == Long.MIN_VALUE) {
        firstStart = startNanos;
      }
      intervals.addLast(new long[] {startNanos, endNanos});
      busyNanos += endNanos - startNanos;
      long windowStart = endNanos - windowNanos;
      while (!intervals.isEmpty() && intervals.peekFirst()[1] <= windowStart) {
        long[] old = intervals.removeFirst();
        busyNanos -= old[1] - old[0];
      }
      long clipped = busyNanos;
      long[] oldest = intervals.peekFirst();
      if (oldest != null && oldest[0] < windowStart) {
        clipped -= windowStart - oldest[0];
      }
      long span = Math.min(windowNanos, endNanos - firstStart);
      return span <= 0 ? 1.0 : Math.min(1.0, (double) clipped / span);
    }
  }
}
