package io.relstream.tokenize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The live distribution of one categorical or text column: a frequent-items sketch of its values
 * (by their vocabulary keys), an HLL sketch of the number of distinct values and a t-digest of the
 * value lengths. Not thread-safe: the tokenizer that owns it is confined to
 * one thread.
 */
final class TextSketch {
  /** HLL's log2 of the number of buckets: 4096, a relative standard error of about 1.04 / 64. */
  static final int HLL_LG_K = 12;

  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private ItemsSketch<String> frequentValues;
  private HllSketch distinctValues;
  private final int lengthCompression;
  private QuantileDigest lengths;

  TextSketch(int vocabulary, int compression) {
    frequentValues = new ItemsSketch<>(mapSize(vocabulary));
    distinctValues = new HllSketch(HLL_LG_K);
    lengthCompression = compression;
    lengths = new QuantileDigest(compression);
  }

  /**
   * Returns the frequent-items map size for a vocabulary: a power of two whose capacity (three
   * quarters of it) is at least three times the vocabulary, so the top values are tracked with
   * room for challengers.
   */
  static int mapSize(int vocabulary) {
    int wanted = Math.max(16, vocabulary * 4);
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  /** Adds one non-empty value, given by its vocabulary key and its length in chars. */
  void update(String key, int length) {
    frequentValues.update(key);
    distinctValues.update(key);
    lengths.update(length);
  }

  /** Returns the number of values added. */
  long count() {
    return frequentValues.getStreamLength();
  }

  double distinctEstimate() {
    return distinctValues.getEstimate();
  }

  /** Returns the length in chars at a normalized rank, or 0 before any value was added. */
  float lengthQuantile(double rank) {
    return lengths.isEmpty() ? 0f : (float) lengths.quantiles(new double[] {rank})[0];
  }

  /**
   * Returns up to {@code limit} values with the highest estimated counts, the highest first and
   * ties in value order, so that equal sketches give equal vocabularies. Only values that the
   * sketch reports as frequent and whose estimated count is at least {@code minCount} are
   * returned.
   */
  List<String> topValues(int limit, long minCount) {
    List<ItemsSketch.Row<String>> rows =
        new ArrayList<>(List.of(frequentValues.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)));
    rows.sort(
        Comparator.comparingLong((ItemsSketch.Row<String> row) -> -row.getEstimate())
            .thenComparing(ItemsSketch.Row::getItem));
    List<String> values = new ArrayList<>(Math.min(limit, rows.size()));
    for (int i = 0; i < rows.size() && values.size() < limit; i++) {
      if (rows.get(i).getEstimate() >= minCount) {
        values.add(rows.get(i).getItem());
      }
    }
    return values;
  }

  byte[][] toBytes() {
    return new byte[][] {
      frequentValues.toByteArray(SERDE), distinctValues.toCompactByteArray(), lengths.toBytes()
    };
  }

  /**
   * Replaces the sketches with ones read from {@link #toBytes()}, or from an older snapshot whose
   * length sketch is a DataSketches KLL sketch when {@code kllLengths} is true.
   */
  void readBytes(byte[][] parts, boolean kllLengths) {
    frequentValues = ItemsSketch.getInstance(Memory.wrap(parts[0]), SERDE);
    distinctValues = HllSketch.heapify(parts[1]);
    lengths =
        kllLengths
            ? KllConversion.fromFloatsBytes(parts[2], lengthCompression)
            : QuantileDigest.fromBytes(parts[2]);
  }
}
