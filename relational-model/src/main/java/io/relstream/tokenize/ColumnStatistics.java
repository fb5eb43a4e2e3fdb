package io.relstream.tokenize;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Running count, min, max, mean and variance (Welford's algorithm) of one numeric or timestamp
 * column. Not thread-safe: the tokenizer that owns it is confined to one thread.
 */
final class ColumnStatistics {
  /**
   * Values with a larger magnitude are not observed, because squaring their deviation would
   * overflow the variance to infinity and freeze the column's z-scores at zero for good.
   */
  static final double MAX_OBSERVED_MAGNITUDE = 1e100;

  static final float MAX_ABS_Z_SCORE = 5f;

  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double mean;
  private double sumOfSquaredDeviations;

  /**
   * Adds a value to the statistics, unless it is NaN, infinite or beyond {@link
   * #MAX_OBSERVED_MAGNITUDE}.
   */
  void observe(double value) {
    if (!Double.isFinite(value) || Math.abs(value) > MAX_OBSERVED_MAGNITUDE) {
      return;
    }
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    double delta = value - mean;
    mean += delta / count;
    sumOfSquaredDeviations += delta * (value - mean);
  }

  void reset() {
    count = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    mean = 0;
    sumOfSquaredDeviations = 0;
  }

  long count() {
    return count;
  }

  /**
   * Returns the bin of a finite value: its position between the running min and max, clamped to
   * {@code [0, bins - 1]}. Before two distinct values were observed it returns the middle bin.
   */
  int bin(double value, int bins) {
    // NOTE: min/max bins are sensitive to outliers: one extreme value squeezes the usual values
    // into a few bins for good. A quantile sketch would be more robust.
    if (count == 0 || !(max > min)) {
      return bins / 2;
    }
    double position = (value - min) / (max - min) * bins;
    double clamped = Math.max(0, Math.min(bins - 1, Math.floor(position)));
    return (int) clamped;
  }

  /**
   * Returns the z-score of a finite value against the running mean and population standard
   * deviation, clipped to [-5, 5]. Returns 0 before any spread was observed.
   */
  float zScore(double value) {
    if (count < 2) {
      return 0f;
    }
    double std = Math.sqrt(sumOfSquaredDeviations / count);
    if (!(std > 0) || !Double.isFinite(std)) {
      return 0f;
    }
    double z = (value - mean) / std;
    if (Double.isNaN(z)) {
      return 0f;
    }
    return (float) Math.max(-MAX_ABS_Z_SCORE, Math.min(MAX_ABS_Z_SCORE, z));
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeDouble(min);
    out.writeDouble(max);
    out.writeDouble(mean);
    out.writeDouble(sumOfSquaredDeviations);
  }

  void read(DataInput in) throws IOException {
    count = in.readLong();
    min = in.readDouble();
    max = in.readDouble();
    mean = in.readDouble();
    sumOfSquaredDeviations = in.readDouble();
  }
}
