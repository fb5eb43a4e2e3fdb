package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagWindowTest {

  @Test
  void percentilesByNearestRank() {
    LagWindow window = new LagWindow();
    for (int lag = 1; lag <= 100; lag++) {
      window.add(1_000, lag);
    }

    assertThat(window.percentile(1_000, 0.5)).isEqualTo(50);
    assertThat(window.percentile(1_000, 0.99)).isEqualTo(99);
    assertThat(window.percentile(1_000, 1.0)).isEqualTo(100);
  }

  @Test
  void oldSamplesLeaveWindow() {
    LagWindow window = new LagWindow();
    window.add(0, 5_000);
    window.add(LagWindow.WINDOW_MILLIS, 10);

    assertThat(window.percentile(LagWindow.WINDOW_MILLIS + 1, 0.99)).isEqualTo(10);
    assertThat(window.percentile(3 * LagWindow.WINDOW_MILLIS, 0.5)).isEqualTo(-1);
  }
}
