package io.relstream.tokenize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A deterministic quantile sketch of doubles: a stack of buffers of {@code capacity} values each,
 * where a value in level h stands for 2^h values of the stream. When a buffer fills up, it is
 * sorted and every second value moves up one level, starting at an offset that alternates per
 * level. So the same values in the same order always give the same sketch and the same quantiles.
 * DataSketches' KLL sketch chooses that offset with a process-wide random generator that cannot be
 * seeded, so it gave other bin edges in every run.
 *
 * <p>Each compaction at level h moves any rank by at most 2^h and happens at most n / (capacity *
 * 2^h) times, so the normalized rank error is at most levels / capacity, with levels about log2(n /
 * capacity). NOTE: that bound is a worst case. KLL's error bound at the same memory is lower,
 * and this sketch has not been compared with it on real columns. Not thread-safe.
 */
final class CompactingQuantiles {
  private static final byte FORMAT = 1;

  /** Twice the largest k that the tokenizer accepts, so that a corrupt capacity fails fast. */
  private static final int MAX_CAPACITY = 2 * 65_535;

  private final int capacity;
  private double[][] levels = new double[1][];
  private int[] sizes = new int[1];
  private boolean[] oddOffsets = new boolean[1];
  private long count;
  private double min = Double.NaN;
  private double max = Double.NaN;

  /** Creates an empty sketch with buffers of {@code capacity} values, an even number of at least 2. */
  CompactingQuantiles(int capacity) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException(
          "Quantile sketch capacity must be an even number of at least 2 but was " + capacity);
    }
    this.capacity = capacity;
    levels[0] = new double[capacity];
  }

  void update(double value) {
    count++;
    min = count == 1 ? value : Math.min(min, value);
    max = count == 1 ? value : Math.max(max, value);
    insert(0, value);
  }

  long count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /**
   * Returns, for each normalized rank r, the smallest retained value whose cumulative weight
   * reaches r times the count: the minimum for rank 0 and the maximum for rank 1, as DataSketches'
   * inclusive search does. The sketch must not be empty.
   */
  double[] quantiles(double[] ranks) {
    if (count == 0) {
      throw new IllegalStateException("Quantiles of an empty sketch");
    }
    int retained = 0;
    for (int size : sizes) {
      retained += size;
    }
    double[] values = new double[retained];
    long[] weights = new long[retained];
    sortedWithWeights(values, weights);
    double[] quantiles = new double[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      quantiles[i] = quantile(ranks[i], values, weights);
    }
    return quantiles;
  }

  private double quantile(double rank, double[] values, long[] weights) {
    if (rank <= 0) {
      return min;
    }
    if (rank >= 1) {
      return max;
    }
    double targetWeight = Math.ceil(rank * count);
    long cumulative = 0;
    for (int i = 0; i < values.length; i++) {
      cumulative += weights[i];
      if (cumulative >= targetWeight) {
        return values[i];
      }
    }
    return max;
  }

  /** Fills the arrays with every retained value in increasing order and its weight. */
  private void sortedWithWeights(double[] values, long[] weights) {
    double[] all = new double[values.length];
    int[] levelOf = new int[values.length];
    int n = 0;
    for (int level = 0; level < levels.length; level++) {
      for (int i = 0; i < sizes[level]; i++) {
        all[n] = levels[level][i];
        levelOf[n] = level;
        n++;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byValue = Double.compare(all[a], all[b]);
          return byValue != 0 ? byValue : Integer.compare(levelOf[a], levelOf[b]);
        });
    for (int i = 0; i < n; i++) {
      values[i] = all[order[i]];
      weights[i] = 1L << levelOf[order[i]];
    }
  }

  /** Adds a value of weight 2^level, and compacts every buffer that fills up on the way. */
  private void insert(int level, double value) {
    ensureLevel(level);
    levels[level][sizes[level]++] = value;
    if (sizes[level] == capacity) {
      compact(level);
    }
  }

  private void compact(int level) {
    double[] buffer = levels[level];
    Arrays.sort(buffer, 0, capacity);
    int offset = oddOffsets[level] ? 1 : 0;
    oddOffsets[level] = !oddOffsets[level];
    sizes[level] = 0;
    double[] promoted = new double[capacity / 2];
    for (int i = 0; i < promoted.length; i++) {
      promoted[i] = buffer[2 * i + offset];
    }
    for (double value : promoted) {
      insert(level + 1, value);
    }
  }

  private void ensureLevel(int level) {
    if (level < levels.length) {
      return;
    }
    levels = Arrays.copyOf(levels, level + 1);
    sizes = Arrays.copyOf(sizes, level + 1);
    oddOffsets = Arrays.copyOf(oddOffsets, level + 1);
    for (int i = 0; i < levels.length; i++) {
      if (levels[i] == null) {
        levels[i] = new double[capacity];
      }
    }
  }

  /**
   * Returns a sketch of values with power-of-two weights, such as the retained items of a
   * DataSketches KLL sketch, and the stream's exact minimum and maximum.
   */
  static CompactingQuantiles ofWeighted(
      int capacity, double[] values, long[] weights, double min, double max) {
    CompactingQuantiles sketch = new CompactingQuantiles(capacity);
    for (int i = 0; i < values.length; i++) {
      if (Long.bitCount(weights[i]) != 1) {
        throw new IllegalArgumentException("Weight " + weights[i] + " is not a power of two");
      }
      int level = Long.numberOfTrailingZeros(weights[i]);
      sketch.count += weights[i];
      sketch.insert(level, values[i]);
    }
    if (sketch.count > 0) {
      sketch.min = min;
      sketch.max = max;
    }
    return sketch;
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(capacity);
      out.writeLong(count);
      out.writeDouble(min);
      out.writeDouble(max);
      out.writeInt(levels.length);
      for (int level = 0; level < levels.length; level++) {
        out.writeBoolean(oddOffsets[level]);
        out.writeInt(sizes[level]);
        for (int i = 0; i < sizes[level]; i++) {
          out.writeDouble(levels[level][i]);
        }
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a sketch from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes have another format or are corrupt
   */
  static CompactingQuantiles fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported quantile sketch format " + format + ": this sketch reads " + FORMAT);
      }
      int capacity = in.readInt();
      if (capacity > MAX_CAPACITY) {
        throw new IOException("capacity " + capacity + " exceeds " + MAX_CAPACITY);
      }
      CompactingQuantiles sketch = new CompactingQuantiles(capacity);
      sketch.count = in.readLong();
      sketch.min = in.readDouble();
      sketch.max = in.readDouble();
      int levelCount = in.readInt();
      if (levelCount < 1 || levelCount > 64) {
        throw new IOException("level count " + levelCount + " is outside [1, 64]");
      }
      sketch.ensureLevel(levelCount - 1);
      for (int level = 0; level < levelCount; level++) {
        sketch.oddOffsets[level] = in.readBoolean();
        int size = in.readInt();
        if (size < 0 || size >= sketch.capacity) {
          throw new IOException("level " + level + " size " + size + " is outside the capacity");
        }
        for (int i = 0; i < size; i++) {
          sketch.levels[level][i] = in.readDouble();
        }
        sketch.sizes[level] = size;
      }
      return sketch;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid quantile sketch of " + bytes.length + " bytes: " + e.getMessage(), e);
    }
  }
}
