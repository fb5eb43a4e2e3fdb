package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.encoder.StepResult;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  @Test
  void batchesUpdateRegisteredMetrics() {
    RecordingGroup group = new RecordingGroup();
    TrainingMetrics metrics = new TrainingMetrics(group, () -> System.currentTimeMillis() - 5_000);

    metrics.batch(new StepResult(1, 3f, 2f, 1f, 0.25f, 10), 8, 2, 0, 1_000);
    metrics.batch(new StepResult(2, 2.5f, 1.5f, 1f, Float.NaN, 4), 8, 3, 1_000, 2_000);
    metrics.batch(new StepResult(2, 0f, 0f, 0f, Float.NaN, 0), 4, 0, 2_000, 3_000);

    assertThat(group.gauge("trainingLoss")).isEqualTo(2.5f);
    assertThat(group.gauge("lossClassification")).isEqualTo(1.5f);
    assertThat(group.gauge("lossRegression")).isEqualTo(1f);
    assertThat(group.gauge("maskedAccuracy")).as("last step with class targets").isEqualTo(0.25f);
    assertThat(((Counter) group.metrics.get("trainingSteps")).getCount()).as("steps that changed weights")
        .isEqualTo(2);
    assertThat(((Counter) group.metrics.get("trainingExamples")).getCount()).isEqualTo(20);
    assertThat(((Counter) group.metrics.get("replayedExamples")).getCount()).isEqualTo(5);
    assertThat(group.metrics.get("stepsPerSecond")).isInstanceOf(Meter.class);
    assertThat(group.metrics.get("examplesPerSecond")).isInstanceOf(Meter.class);
    assertThat((Double) group.gauge("trainerBusyFraction")).isCloseTo(1.0, CLOSE);
    assertThat((Double) group.gauge("secondsSinceModelVersion")).isGreaterThanOrEqualTo(5.0);
  }

  /** A metric group that keeps what is registered, so the test can read it back. */
  private static final class RecordingGroup extends UnregisteredMetricsGroup {
    final Map<String, Metric> metrics = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      metrics.put(name, counter);
      return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      metrics.put(name, gauge);
      return gauge;
    }

    @Override
    public <M extends Meter> M meter(String name, M meter) {
      metrics.put(name, meter);
      return meter;
    }

    Object gauge(String name) {
      return ((Gauge<?>) metrics.get(name)).getValue();
    }
  }

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
