package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class QuantileDigestTest {
  private static final double[] RANKS = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};

  @Test
  void fewValuesGiveTheirExtremesAndMedian() {
    QuantileDigest digest = new QuantileDigest(200);
    for (int value = 100; value >= 1; value--) {
      digest.update(value);
    }
    double[] quantiles = digest.quantiles(RANKS);

    assertThat(digest.count()).isEqualTo(100);
    assertThat(quantiles[0]).isEqualTo(1);
    assertThat(quantiles[3]).isCloseTo(50.5, Offset.offset(1.0));
    assertThat(quantiles[6]).isEqualTo(100);
  }

  @Test
  void manyValuesStayWithinOnePercent() {
    double[] values = randomValues(200_000, 9L);
    QuantileDigest digest = new QuantileDigest(200);
    for (double value : values) {
      digest.update(value);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] quantiles = digest.quantiles(RANKS);

    assertThat(digest.count()).isEqualTo(200_000);
    assertThat(quantiles[0]).as("minimum").isEqualTo(sorted[0]);
    assertThat(quantiles[RANKS.length - 1]).as("maximum").isEqualTo(sorted[sorted.length - 1]);
    for (int i = 1; i < RANKS.length - 1; i++) {
      double rank = rankOf(sorted, quantiles[i]);
      assertThat(rank)
          .as("rank of the %s quantile", RANKS[i])
          .isCloseTo(RANKS[i], Offset.offset(0.01));
    }
  }

  @Test
  void sameValuesInSameOrderGiveSameDigest() {
    double[] values = randomValues(50_000, 4L);
    QuantileDigest first = new QuantileDigest(50);
    QuantileDigest second = new QuantileDigest(50);
    for (double value : values) {
      first.update(value);
      second.update(value);
    }

    assertThat(second.toBytes()).isEqualTo(first.toBytes());
    assertThat(second.quantiles(RANKS)).isEqualTo(first.quantiles(RANKS));
  }

  @Test
  void repeatedValuesGiveSameDigest() {
    // Many equal values are where an unstable sort could order centroids differently.
    QuantileDigest first = new QuantileDigest(20);
    QuantileDigest second = new QuantileDigest(20);
    for (int i = 0; i < 20_000; i++) {
      first.update(i % 7);
      second.update(i % 7);
    }

    assertThat(second.toBytes()).isEqualTo(first.toBytes());
  }

  @Test
  void queriesAndSnapshotsDoNotChangeTheDigest() {
    double[] values = randomValues(30_000, 5L);
    QuantileDigest queried = new QuantileDigest(100);
    QuantileDigest untouched = new QuantileDigest(100);
    QuantileDigest restored = new QuantileDigest(100);
    for (int i = 0; i < values.length; i++) {
      queried.update(values[i]);
      untouched.update(values[i]);
      restored.update(values[i]);
      if (i % 7_001 == 0) {
        queried.quantiles(RANKS);
        queried.toBytes();
        restored = QuantileDigest.fromBytes(restored.toBytes());
      }
    }

    assertThat(queried.toBytes()).isEqualTo(untouched.toBytes());
    assertThat(restored.toBytes()).isEqualTo(untouched.toBytes());
    assertThat(restored.quantiles(RANKS)).isEqualTo(untouched.quantiles(RANKS));
  }

  @Test
  void bytesRoundTrip() {
    QuantileDigest digest = new QuantileDigest(20);
    for (double value : randomValues(1_000, 2L)) {
      digest.update(value);
    }
    QuantileDigest read = QuantileDigest.fromBytes(digest.toBytes());
    read.update(0.5);
    digest.update(0.5);

    assertThat(read.count()).isEqualTo(1_001);
    assertThat(read.toBytes()).isEqualTo(digest.toBytes());
    assertThat(read.quantiles(RANKS)).isEqualTo(digest.quantiles(RANKS));
    assertThat(QuantileDigest.fromBytes(new QuantileDigest(20).toBytes()).isEmpty()).isTrue();
  }

  @Test
  void corruptBytesAreRejected() {
    byte[] bytes = new QuantileDigest(20).toBytes();
    bytes[0] = 9;

    assertThatThrownBy(() -> QuantileDigest.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> QuantileDigest.fromBytes(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid quantile digest of 2 bytes");
    byte[] huge = new QuantileDigest(20).toBytes();
    // The digest's compression follows the format byte, the pending count and four header fields.
    ByteBuffer.wrap(huge).putDouble(1 + 4 + 20, 1e12);
    assertThatThrownBy(() -> QuantileDigest.fromBytes(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compression 1.0E12 is outside");
    assertThatThrownBy(() -> new QuantileDigest(20).quantiles(RANKS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void kllSketchConvertsWithItsWeights() {
    KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(200);
    for (int value = 1; value <= 100_000; value++) {
      kll.update(value);
    }
    QuantileDigest converted = KllConversion.fromDoublesBytes(kll.toByteArray(), 200);
    double[] quantiles = converted.quantiles(new double[] {0, 0.5, 1});
    for (int value = 100_001; value <= 102_000; value++) {
      converted.update(value);
    }

    assertThat(converted.count()).isEqualTo(102_000);
    assertThat(quantiles[0]).isEqualTo(1);
    assertThat(quantiles[2]).isEqualTo(100_000);
    assertThat(quantiles[1]).isCloseTo(50_000, Offset.offset(2_000.0));
    assertThat(converted.quantiles(new double[] {1})[0])
        .as("maximum after more values")
        .isEqualTo(102_000);
  }

  private static double rankOf(double[] sorted, double value) {
    int index = Arrays.binarySearch(sorted, value);
    return (double) (index >= 0 ? index : -index - 1) / sorted.length;
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
