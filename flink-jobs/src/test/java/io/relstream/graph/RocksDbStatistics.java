package io.relstream.graph;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.View;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter that keeps the gauges of RocksDB's native statistics, so that a program which
 * runs a local cluster in its own JVM can read the block cache's hits and misses. Flink refreshes
 * these gauges every few seconds, so a reading refreshes each gauge first. {@link #enable}
 * sets the options that turn the statistics and this reporter on.
 */
public final class RocksDbStatistics implements MetricReporter {
  private static final String REPORTER = "metrics.reporter.rocksdb-statistics.";
  private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();
  private static volatile boolean registered;

  /** Sets the options that make each RocksDB instance count its block cache hits and misses for this reporter. */
  static void enable(Configuration options) {
    options.setString("state.backend.rocksdb.metrics.block-cache-hit", "true");
    options.setString("state.backend.rocksdb.metrics.block-cache-miss", "true");
    enableReporter(options);
  }

  /** Sets the option that adds this reporter. Each RocksDB metric to report needs its own option. */
  static void enableReporter(Configuration options) {
    options.setString(REPORTER + "factory.class", Factory.class.getName());
  }

  /**
   * Returns the sum over every RocksDB instance of the ticker whose metric name ends with {@code
   * ticker}, such as {@code block_cache_hit}.
   */
  static long sum(String ticker) {
    long sum = 0;
    for (Map.Entry<String, Gauge<?>> entry : GAUGES.entrySet()) {
      if (entry.getKey().toLowerCase(Locale.ROOT).endsWith(ticker)) {
        if (entry.getValue() instanceof View view) {
          view.update();
        }
        if (entry.getValue().getValue() instanceof Number number) {
          sum += number.longValue();
        }
      }
    }
    return sum;
  }

  /**
   * Returns whether any RocksDB gauge was ever registered in this JVM, which separates a missing
   * option from a count of 0 even after the job has ended and removed its gauges.
   */
  static boolean registered() {
    return registered;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    // Flink names a ticker's gauge rocksdb_ and the ticker, for example rocksdb_block_cache_hit.
    if (metric instanceof Gauge<?> gauge && name.toLowerCase(Locale.ROOT).startsWith("rocksdb")) {
      GAUGES.put(group.getMetricIdentifier(name), gauge);
      registered = true;
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    GAUGES.remove(group.getMetricIdentifier(name));
  }

  /** Creates the reporter. Flink finds it through the service file of {@link MetricReporterFactory}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new RocksDbStatistics();
    }
  }
}
