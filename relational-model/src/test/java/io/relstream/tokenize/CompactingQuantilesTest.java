package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CompactingQuantilesTest {
  private static final double[] RANKS = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

  @Test
  void fewValuesGiveExactQuantiles() {
    CompactingQuantiles sketch = new CompactingQuantiles(400);
    for (int value = 100; value >= 1; value--) {
      sketch.update(value);
    }

    assertThat(sketch.count()).isEqualTo(100);
    assertThat(sketch.quantiles(RANKS)).containsExactly(1, 10, 25, 50, 75, 90, 100);
  }

  @Test
  void compactedQuantilesStayWithinBound() {
    double[] values = randomValues(200_000, 9L);
    CompactingQuantiles sketch = new CompactingQuantiles(400);
    for (double value : values) {
      sketch.update(value);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] quantiles = sketch.quantiles(RANKS);

    assertThat(quantiles[0]).as("minimum").isEqualTo(sorted[0]);
    assertThat(quantiles[RANKS.length - 1]).as("maximum").isEqualTo(sorted[sorted.length - 1]);
    // Levels are about log2(200,000 / 400) = 9, so the bound is 9 / 400 of the ranks.
    double bound = 9.0 / 400;
    for (int i = 1; i < RANKS.length - 1; i++) {
      double rank = (double) Arrays.binarySearch(sorted, quantiles[i]) / sorted.length;
      assertThat(rank).as("rank of the %s quantile", RANKS[i]).isCloseTo(RANKS[i], Offset.offset(bound));
    }
  }

  @Test
  void sameValuesGiveSameSketch() {
    double[] values = randomValues(50_000, 4L);
    CompactingQuantiles first = new CompactingQuantiles(64);
    CompactingQuantiles second = new CompactingQuantiles(64);
    for (double value : values) {
      first.update(value);
      second.update(value);
    }

    assertThat(second.toBytes()).isEqualTo(first.toBytes());
    assertThat(second.quantiles(RANKS)).isEqualTo(first.quantiles(RANKS));
  }

  @Test
  void bytesRoundTrip() {
    CompactingQuantiles sketch = new CompactingQuantiles(16);
    for (double value : randomValues(1_000, 2L)) {
      sketch.update(value);
    }
    CompactingQuantiles read = CompactingQuantiles.fromBytes(sketch.toBytes());
    read.update(0.5);
    sketch.update(0.5);

    assertThat(read.count()).isEqualTo(1_001);
    assertThat(read.toBytes()).isEqualTo(sketch.toBytes());
    assertThat(read.quantiles(RANKS)).isEqualTo(sketch.quantiles(RANKS));
  }

  @Test
  void corruptBytesAreRejected() {
    byte[] bytes = new CompactingQuantiles(16).toBytes();
    bytes[0] = 9;

    assertThatThrownBy(() -> CompactingQuantiles.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> CompactingQuantiles.fromBytes(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid quantile sketch of 2 bytes");
    byte[] huge = new CompactingQuantiles(16).toBytes();
    huge[1] = 0x7f;
    assertThatThrownBy(() -> CompactingQuantiles.fromBytes(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 131070");
    assertThatThrownBy(() -> new CompactingQuantiles(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 7");
  }

  @Test
  void kllSketchConvertsWithItsWeights() {
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(200);
    for (int value = 1; value <= 100_000; value++) {
      kll.update(value);
    }
    CompactingQuantiles converted = KllConversion.fromDoublesBytes(kll.toByteArray(), 400);
    double[] quantiles = converted.quantiles(new double[] {0, 0.5, 1});

    assertThat(converted.count()).isEqualTo(100_000);
    assertThat(quantiles[0]).isEqualTo(1);
    assertThat(quantiles[2]).isEqualTo(100_000);
    assertThat(quantiles[1]).isCloseTo(50_000, Offset.offset(3_000.0));
  }

  private static double[] randomValues(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextDouble() * random.nextDouble();
    }
    return values;
  }
}
