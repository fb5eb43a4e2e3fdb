package io.relstream.tokenize;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apache.datasketches.quantilescommon.QuantilesFloatsSketchIterator;

/**
 * Reads the DataSketches KLL sketches of snapshots taken before the tokenizer's quantile sketches
 * became t-digests, keeping each retained item with its weight. Stateless.
 */
final class KllConversion {
  private KllConversion() {}

  /** Converts the serialized bytes of a {@link KllDoublesSketch}. */
  static QuantileDigest fromDoublesBytes(byte[] bytes, double compression) {
    KllDoublesSketch kll = KllDoublesSketch.heapify(Memory.wrap(bytes));
    if (kll.isEmpty()) {
      return new QuantileDigest(compression);
    }
    int retained = kll.getNumRetained();
    double[] values = new double[retained];
    long[] weights = new long[retained];
    QuantilesDoublesSketchIterator items = kll.iterator();
    for (int i = 0; items.next(); i++) {
      values[i] = items.getQuantile();
      weights[i] = items.getWeight();
    }
    return QuantileDigest.ofWeighted(
        compression, values, weights, kll.getMinItem(), kll.getMaxItem());
  }

  /** Converts the serialized bytes of a {@link KllFloatsSketch}. */
  static QuantileDigest fromFloatsBytes(byte[] bytes, double compression) {
    KllFloatsSketch kll = KllFloatsSketch.heapify(Memory.wrap(bytes));
    if (kll.isEmpty()) {
      return new QuantileDigest(compression);
    }
    int retained = kll.getNumRetained();
    double[] values = new double[retained];
    long[] weights = new long[retained];
    QuantilesFloatsSketchIterator items = kll.iterator();
    for (int i = 0; items.next(); i++) {
      values[i] = items.getQuantile();
      weights[i] = items.getWeight();
    }
    return QuantileDigest.ofWeighted(
        compression, values, weights, kll.getMinItem(), kll.getMaxItem());
  }
}
