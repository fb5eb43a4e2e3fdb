package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardSeriesTest {

  @Test
  void freshnessBucketsBySecond() {
    DashboardSeries series = new DashboardSeries();
    series.addFreshness(10_000, 10_100);
    series.addFreshness(10_000, 10_900);
    series.addFreshness(10_500, 11_000);
    // A commit time after the store time (clocks apart) counts as no lag rather than a negative one.
    series.addFreshness(12_000, 11_500);

    List<DashboardSeries.Freshness> buckets = series.freshness();

    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0)).isEqualTo(new DashboardSeries.Freshness(10_000, 2, 500.0, 900));
    assertThat(buckets.get(1)).isEqualTo(new DashboardSeries.Freshness(11_000, 2, 250.0, 500));
  }

  @Test
  void stepsKeepLatestOnly() {
    DashboardSeries series = new DashboardSeries();
    for (int step = 1; step <= DashboardSeries.MAX_STEPS + 10; step++) {
      series.addStep(new DashboardSeries.Step(step, 1.0 / step, 0.5, step));
    }

    List<DashboardSeries.Step> steps = series.steps();

    assertThat(steps).hasSize(DashboardSeries.MAX_STEPS);
    assertThat(steps.get(0).step()).isEqualTo(11);
    assertThat(steps.get(steps.size() - 1).step()).isEqualTo(DashboardSeries.MAX_STEPS + 10);
  }

  @Test
  void freshnessKeepsLatestSeconds() {
    DashboardSeries series = new DashboardSeries();
    for (int second = 0; second < DashboardSeries.MAX_SECONDS + 5; second++) {
      series.addFreshness(second * 1_000L, second * 1_000L + 20);
    }

    assertThat(series.freshness()).hasSize(DashboardSeries.MAX_SECONDS);
    assertThat(series.freshness().get(0).secondMillis()).isEqualTo(5_000);
  }
}
