package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyBenchmarkTest {

  @Test
  void percentileUsesNearestRank() {
    List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();

    assertThat(LatencyBenchmark.percentile(hundred, 0.50)).isEqualTo(50);
    assertThat(LatencyBenchmark.percentile(hundred, 0.99)).isEqualTo(99);
    assertThat(LatencyBenchmark.percentile(hundred, 1.0)).isEqualTo(100);
  }

  @Test
  void percentileOfOneValue() {
    assertThat(LatencyBenchmark.percentile(List.of(7L), 0.01)).isEqualTo(7);
    assertThat(LatencyBenchmark.percentile(List.of(7L), 0.99)).isEqualTo(7);
  }
}
