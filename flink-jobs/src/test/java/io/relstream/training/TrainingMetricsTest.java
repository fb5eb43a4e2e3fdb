package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  @Test
  void busyFractionCountsTimeInsideWindow() {
    TrainingMetrics.BusyWindow window = new TrainingMetrics.BusyWindow(100);

    assertThat(window.add(0, 10)).as("one interval, all busy").isCloseTo(1.0, CLOSE);
    assertThat(window.add(30, 40)).as("20 busy of 40").isCloseTo(0.5, CLOSE);
    assertThat(window.add(90, 100)).as("30 busy of 100").isCloseTo(0.3, CLOSE);
    // The window is (50, 150]: the first two intervals left it.
    assertThat(window.add(140, 150)).as("20 busy of 100").isCloseTo(0.2, CLOSE);
    // The window is (105, 205]: the interval (90, 100) left it.
    assertThat(window.add(195, 205)).as("20 busy of 100").isCloseTo(0.2, CLOSE);
    assertThat(window.add(246, 250)).as("window (150, 250]: 10 + 4 busy").isCloseTo(0.14, CLOSE);
  }

  @Test
  void busyFractionClipsStraddlingInterval() {
    TrainingMetrics.BusyWindow window = new TrainingMetrics.BusyWindow(100);
    window.add(0, 60);

    // The window is (20, 120]: 40 of the first interval and all 10 of the second.
    assertThat(window.add(110, 120)).isCloseTo(0.5, CLOSE);
  }
}
