package io.relstream.tokenize;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apache.datasketches.quantilescommon.QuantilesFloatsSketchIterator;

/**
 * Reads the DataSketches KLL sketches of snapshots taken before the tokenizer's sketches became
 * {@link CompactingQuantiles}, keeping each retained item with its weight. Stateless.
 */
final class KllConversion {
  private KllConversion() {}

  /** Converts the serialized bytes of a {@link KllDoublesSketch}. */
  static CompactingQuantiles fromDoublesBytes(byte[] bytes, int capacity) {
    KllDoublesSketch kll = KllDoublesSketch.heapify(Memory.wrap(bytes));
    int retained = kll.getNumRetained();
    double[] values = new double[retained];
    long[] weights = new long[retained];
    QuantilesDoublesSketchIterator items = kll.iterator();
    for (int i = 0; items.next(); i++) {
      values[i] = items.getQuantile();
      weights[i] = items.getWeight();
    }
    return kll.isEmpty()
        ? new CompactingQuantiles(capacity)
        : CompactingQuantiles.ofWeighted(
            capacity, values, weights, kll.getMinItem(), kll.getMaxItem());
  }

  /** Converts the serialized bytes of a {@link KllFloatsSketch}. */
  static CompactingQuantiles fromFloatsBytes(byte[] bytes, int capacity) {
    KllFloatsSketch kll = KllFloatsSketch.heapify(Memory.wrap(bytes));
    int retained = kll.getNumRetained();
    double[] values = new double[retained];
    long[] weights = new long[retained];
    QuantilesFloatsSketchIterator items = kll.iterator();
    for (int i = 0; items.next(); i++) {
      values[i] = items.getQuantile();
      weights[i] = items.getWeight();
    }
    return kll.isEmpty()
        ? new CompactingQuantiles(capacity)
        : CompactingQuantiles.ofWeighted(
            capacity, values, weights, kll.getMinItem(), kll.getMaxItem());
  }
}
