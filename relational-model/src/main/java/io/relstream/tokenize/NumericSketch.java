package io.relstream.tokenize;

/**
 * The live distribution of one numeric or timestamp column: a t-digest of its finite values within
 * the type's range, whose compression is the tokenizer's quantile k. Not thread-safe: the
 * tokenizer that owns it is confined to one thread.
 */
final class NumericSketch {
  private final int compression;
  private QuantileDigest values;

  NumericSketch(int compression) {
    this.compression = compression;
    values = new QuantileDigest(compression);
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
    values = QuantileDigest.fromBytes(bytes);
  }

  /** Replaces the sketch with the items of a DataSketches KLL sketch from an older snapshot. */
  void readKllBytes(byte[] bytes) {
    values = KllConversion.fromDoublesBytes(bytes, compression);
  }
}
