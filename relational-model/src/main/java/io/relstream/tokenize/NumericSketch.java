package io.relstream.tokenize;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The live distribution of one numeric or timestamp column: a KLL quantile sketch of its finite
 * values within the type's range. Not thread-safe: the tokenizer that owns it is confined to one
 * thread.
 */
final class NumericSketch {
  private KllDoublesSketch values;

  NumericSketch(int k) {
    values = KllDoublesSketch.newHeapInstance(k);
  }

  void update(double value) {
    values.update(value);
  }

  long count() {
    return values.getN();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns the values at the given normalized ranks; the sketch must not be empty. */
  double[] quantiles(double[] ranks) {
    return values.getQuantiles(ranks);
  }

  byte[] toBytes() {
    return values.toByteArray();
  }

  /** Replaces the sketch with one read from {@link #toBytes()}. */
  void readBytes(byte[] bytes) {
    values = KllDoublesSketch.heapify(Memory.wrap(bytes));
  }
}
