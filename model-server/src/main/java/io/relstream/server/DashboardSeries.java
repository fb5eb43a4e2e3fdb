package io.relstream.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time series that the dashboard plots, bounded in memory: the latest training steps (loss,
 * masked accuracy and masked accuracy per column) and, per second of arrival, the freshness of the embeddings stored in that second.
 * Freshness is the time from the source commit to the moment the server stored the embedding.
 * Thread-safe.
 */
final class DashboardSeries {
  /** Maximum number of training steps kept; the oldest are dropped first. */
  static final int MAX_STEPS = 5_000;
  /** Maximum number of one-second freshness buckets kept, 15 minutes. */
  static final int MAX_SECONDS = 900;

  /** Steps per column that a point of {@link #columnAccuracy()} averages over. */
  static final int COLUMN_WINDOW = 20;

  /**
   * One training step as the job published it.
   *
   * @param columns the masked class targets and right predictions per column ({@code table.column})
   */
  record Step(long step, double loss, double maskedAccuracy, long emitTimeMillis, Map<String, ColumnHits> columns) {

    Step(long step, double loss, double maskedAccuracy, long emitTimeMillis) {
      this(step, loss, maskedAccuracy, emitTimeMillis, Map.of());
    }
  }

  /** A column's masked class targets in one step and how many the model predicted right. */
  record ColumnHits(int correct, int targets) {}

  /** The embeddings stored in one second: how many, and their mean and maximum commit-to-store lag. */
  record Freshness(long secondMillis, long count, double meanLagMillis, long maxLagMillis) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final Deque<long[]> seconds = new ArrayDeque<>();

  synchronized void addStep(Step step) {
    steps.addLast(step);
    while (steps.size() > MAX_STEPS) {
      steps.removeFirst();
    }
  }

  /** Adds one stored embedding that was committed at {@code commitMillis} and stored at {@code storedMillis}. */
  synchronized void addFreshness(long commitMillis, long storedMillis) {
    long second = storedMillis - storedMillis % 1_000;
    long lag = Math.max(0, storedMillis - commitMillis);
    long[] last = seconds.peekLast();
    if (last == null || last[0] != second) {
      // Bucket layout: second, count, lag sum, lag maximum.
      last = new long[] {second, 0, 0, 0};
      seconds.addLast(last);
      while (seconds.size() > MAX_SECONDS) {
        seconds.removeFirst();
      }
    }
    last[1]++;
    last[2] += lag;
    last[3] = Math.max(last[3], lag);
  }

  synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  /**
   * Returns per column, sorted by column, its accuracy at each kept step where it had targets: the
   * right predictions over the targets of its last {@link #COLUMN_WINDOW} such steps, as
   * {@code [step, accuracy]}. One step's accuracy of a column rests on a few targets, so the window
   * smooths it.
   */
  synchronized Map<String, List<double[]>> columnAccuracy() {
    Map<String, Deque<ColumnHits>> windows = new TreeMap<>();
    Map<String, List<double[]>> points = new TreeMap<>();
    for (Step step : steps) {
      step.columns().forEach((column, hits) -> {
        if (hits.targets() <= 0) {
          return;
        }
        Deque<ColumnHits> window = windows.computeIfAbsent(column, name -> new ArrayDeque<>());
        window.addLast(hits);
        if (window.size() > COLUMN_WINDOW) {
          window.removeFirst();
        }
        long correct = window.stream().mapToLong(ColumnHits::correct).sum();
        long targets = window.stream().mapToLong(ColumnHits::targets).sum();
        points.computeIfAbsent(column, name -> new ArrayList<>()).add(new double[] {step.step(), (double) correct / targets});
      });
    }
    return points;
  }

  synchronized List<Freshness> freshness() {
    List<Freshness> result = new ArrayList<>(seconds.size());
    for (long[] bucket : seconds) {
      result.add(new Freshness(bucket[0], bucket[1], (double) bucket[2] / bucket[1], bucket[3]));
    }
    return result;
  }
}
