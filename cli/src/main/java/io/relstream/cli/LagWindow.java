package io.relstream.cli;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Commit-to-embedding lags of the embeddings that arrived in the last minute, for the demo's status
 * line. Keeps at most {@link #MAX_SAMPLES} samples, dropping the oldest first. Not thread-safe.
 */
final class LagWindow {
  static final long WINDOW_MILLIS = 60_000;
  static final int MAX_SAMPLES = 20_000;

  /** One sample: when the embedding arrived and its lag, both in milliseconds. */
  private final Deque<long[]> samples = new ArrayDeque<>();

  void add(long arrivalMillis, long lagMillis) {
    samples.addLast(new long[] {arrivalMillis, lagMillis});
    if (samples.size() > MAX_SAMPLES) {
      samples.removeFirst();
    }
  }

  /**
   * Returns the lag percentile ({@code quantile} in [0, 1], nearest rank) over the samples that
   * arrived within the window before {@code nowMillis}, or -1 when there are none.
   */
  long percentile(long nowMillis, double quantile) {
    while (!samples.isEmpty() && samples.peekFirst()[0] < nowMillis - WINDOW_MILLIS) {
      samples.removeFirst();
    }
    if (samples.isEmpty()) {
      return -1;
    }
    long[] lags = samples.stream().mapToLong(sample -> sample[1]).toArray();
    Arrays.sort(lags);
    int rank = (int) Math.ceil(quantile * lags.length);
    return lags[Math.max(0, rank - 1)];
  }
}
