package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
  void columnAccuracyAveragesColumnWindow() {
    DashboardSeries series = new DashboardSeries();
    for (int step = 1; step <= DashboardSeries.COLUMN_WINDOW + 10; step++) {
      // orders.amount is right on steps up to 10 and wrong after. orders.status comes on even steps and is always right.
      Map<String, DashboardSeries.ColumnHits> columns = step % 2 == 0
          ? Map.of("orders.amount", hits(step <= 10), "orders.status", new DashboardSeries.ColumnHits(2, 2))
          : Map.of("orders.amount", hits(step <= 10));
      series.addStep(new DashboardSeries.Step(step, 1.0, 0.5, step, columns));
    }
    series.addStep(new DashboardSeries.Step(31, 1.0, 0.5, 31, Map.of("orders.amount", new DashboardSeries.ColumnHits(0, 0))));

    Map<String, List<double[]>> accuracy = series.columnAccuracy();

    assertThat(accuracy.keySet()).containsExactly("orders.amount", "orders.status");
    List<double[]> amount = accuracy.get("orders.amount");
    // A step without targets adds no point.
    assertThat(amount).hasSize(DashboardSeries.COLUMN_WINDOW + 10);
    assertThat(amount.get(9)).containsExactly(10, 1.0);
    assertThat(amount.get(14)).containsExactly(15, 10.0 / 15);
    // The window contains steps 11 to 30, all wrong.
    assertThat(amount.get(29)).containsExactly(30, 0.0);
    assertThat(accuracy.get("orders.status")).hasSize(15).allSatisfy(point -> assertThat(point[1]).isEqualTo(1.0));
  }

  private static DashboardSeries.ColumnHits hits(boolean right) {
    return new DashboardSeries.ColumnHits(right ? 1 : 0, 1);
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
