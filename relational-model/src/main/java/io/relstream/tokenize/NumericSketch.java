package io.relstream.tokenize;

/**
 * The live distribution of one numeric or timestamp column: a deterministic quantile sketch of its
 * finite values within the type's range, whose buffers hold 2k values. Not thread-safe: the
 * tokenizer that owns it is confined to one thread.
 */
final class NumericSketch {
  private final int capacity;
  private CompactingQuantiles values;

  NumericSketch(int k) {
    capacity = 2 * k;
    values = new CompactingQuantiles(capacity);
  }

  void update(double value) {
    values.update(value);
  }

  long count() {
    return values.count();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns the values at the given normalized ranks; the sketch must not be empty. */
  double[] quantiles(double[] ranks) {
    return values.quantiles(ranks);
  }

  byte[] toBytes() {
    return values.toBytes();
  }

  /** Replaces the sketch with one read from {@link #toBytes()}. */
  void readBytes(byte[] bytes) {
    values = CompactingQuantiles.fromBytes(bytes);
  }

  /** Replaces the sketch with the items of a DataSketches KLL sketch from an older snapshot. */
  void readKllBytes(byte[] bytes) {
    values = KllConversion.fromDoublesBytes(bytes, capacity);
  }
}
