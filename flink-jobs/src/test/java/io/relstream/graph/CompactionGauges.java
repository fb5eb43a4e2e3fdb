package io.relstream.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metric reporter with which {@link GraphScaleBenchmark} waits until RocksDB has no compaction
 * left to do. A job restored
 * from a canonical savepoint writes every key into fresh RocksDB instances, so their first minutes
 * compact files that a long-running job would have compacted long ago. The benchmark measures the
 * steady state after that work when asked to.
 *
 * <p>Flink reports RocksDB's native properties as gauges of each column family. This reporter runs
 * in the local cluster's JVM and keeps the gauges of pending compaction bytes, running compactions
 * and files in level 0, so the benchmark can read them directly.
 */
final class CompactionGauges implements MetricReporter {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionGauges.class);
  private static final String PENDING = "estimate-pending-compaction-bytes";
  private static final String RUNNING = "num-running-compactions";
  private static final String LEVEL0 = "num-files-at-level0";
  private static final String CACHE_CAPACITY = "block-cache-capacity";
  private static final String CACHE_USAGE = "block-cache-usage";
  private static final String NAME = "compaction";
  private static final List<Named> GAUGES = new CopyOnWriteArrayList<>();

  /** A gauge with the RocksDB property it reports and the operator that reports it. */
  private record Named(String name, String operator, Gauge<?> gauge) {
    long value() {
      Object value = gauge.getValue();
      return value instanceof Number number ? number.longValue() : 0;
    }
  }

  /** Creates the reporter; Flink finds it through the service file in the test resources. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new CompactionGauges();
    }
  }

  /** Adds the options that make a local cluster report the gauges to this class. */
  static void enable(Configuration options) {
    options.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    options.setString("state.backend.rocksdb.metrics." + PENDING, "true");
    options.setString("state.backend.rocksdb.metrics." + RUNNING, "true");
    options.setString("state.backend.rocksdb.metrics." + LEVEL0, "true");
    options.setString("state.backend.rocksdb.metrics." + CACHE_CAPACITY, "true");
    options.setString("state.backend.rocksdb.metrics." + CACHE_USAGE, "true");
  }

  /**
   * Waits until every column family has reported no pending compaction bytes and no running
   * compaction for three seconds; returns the seconds waited.
   *
   * @throws IllegalStateException when no gauge was registered
   * @throws org.awaitility.core.ConditionTimeoutException when the wait exceeds {@code limit}
   */
  static double awaitSettled(Duration limit) {
    if (GAUGES.isEmpty()) {
      throw new IllegalStateException("No RocksDB compaction gauge was reported: is the reporter enabled?");
    }
    long started = System.nanoTime();
    Awaitility.await("RocksDB compactions to settle").atMost(limit).during(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sum(PENDING) == 0 && sum(RUNNING) == 0);
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info("RocksDB compactions settled after {} s: {}", String.format("%.1f", seconds), summary());
    return seconds;
  }

  /**
   * Returns each operator's block cache capacity and usage in MB, as its first column family
   * reports them. A slot's RocksDB instances share one cache from its managed memory, so every
   * column family of an operator reports the same values.
   */
  static String blockCaches() {
    Map<String, String> caches = new TreeMap<>();
    for (Named capacity : GAUGES) {
      if (capacity.name().contains(CACHE_CAPACITY)) {
        long usage = GAUGES.stream()
            .filter(g -> g.name().contains(CACHE_USAGE) && g.operator().equals(capacity.operator()))
            .mapToLong(Named::value).findFirst().orElse(-1);
        caches.putIfAbsent(capacity.operator(), capacity.value() / 1_000_000 + "/" + usage / 1_000_000);
      }
    }
    return caches.toString().replace(" ", "");
  }

  private static String summary() {
    return "pending_bytes=" + sum(PENDING) + " running=" + sum(RUNNING) + " level0_files=" + sum(LEVEL0)
        + " column_families=" + GAUGES.stream().filter(g -> g.name().contains(PENDING)).count();
  }

  private static long sum(String property) {
    return GAUGES.stream().filter(g -> g.name().contains(property)).mapToLong(Named::value).sum();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    if (metric instanceof Gauge<?> gauge
        && (metricName.contains(PENDING) || metricName.contains(RUNNING) || metricName.contains(LEVEL0)
            || metricName.contains(CACHE_CAPACITY) || metricName.contains(CACHE_USAGE))) {
      GAUGES.add(new Named(metricName, group.getAllVariables().getOrDefault("<operator_name>", "?"), gauge));
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    GAUGES.removeIf(named -> named.gauge() == metric);
  }
}
