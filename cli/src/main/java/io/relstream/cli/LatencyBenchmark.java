package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PassthroughJob;
import io.relstream.job.RelstreamJob;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Commit-to-embedding latency under a steady update rate: after the snapshot, {@link UpdateStream}
 * updates {@code drivers} rows at the requested rate, and the latency of each update is the time a
 * Kafka consumer receives the driver's embedding minus the commit time that PostgreSQL gave the
 * transaction (both clocks are this machine's). With {@code passthrough}, a pipeline that copies
 * the same CDC stream to Kafka from its own replication slot runs in the same job, and its copies
 * are measured the same way, as the baseline.
 */
final class LatencyBenchmark {
  private static final long WAIT_MILLIS = TimeUnit.MINUTES.toMillis(30);
  private static final long DRAIN_MILLIS = TimeUnit.MINUTES.toMillis(2);
  private static final int TIMELINE_SECONDS = 5;

  private LatencyBenchmark() {}

  /**
   * The latency run's options: changes per second, seconds of unmeasured updates first, seconds of
   * measured updates, and whether the passthrough runs.
   */
  record Options(int rate, int warmupSeconds, int seconds, boolean passthrough) {}

  static String run(EmbeddedStack stack, Configuration configuration, Configuration userOptions,
      PostgresSourceSettings source, DiscoveryResult discovery, JobSettings settings, long rows, Options options)
      throws Exception {
    String bootstrap = settings.publish().bootstrapServers();
    try (EmbeddingArrivals embeddings = new EmbeddingArrivals(bootstrap, settings.publish().embeddingsTopic());
        EmbeddingArrivals copies = new EmbeddingArrivals(bootstrap, PassthroughJob.TOPIC)) {
      StreamExecutionEnvironment env = JobLauncher.environment(settings, userOptions);
      RelstreamJob.define(env, source, discovery.schema(), settings);
      if (options.passthrough()) {
        PassthroughJob.define(env, passthroughSource(configuration, source, stack), discovery.schema(),
            settings.publish(), PassthroughJob.TOPIC);
      }
      JobClient client = env.executeAsync("relstream-latency-benchmark");
      Console.step("waiting for the snapshot of " + rows + " rows");
      waitUntil(() -> embeddings.count() >= rows && (!options.passthrough() || copies.count() >= rows),
          "the snapshot's embeddings" + (options.passthrough() ? " and copies" : ""), WAIT_MILLIS);
      Console.step("updating drivers at " + options.rate() + " changes per second for " + options.seconds() + " s");
      UpdateStream.Result load;
      try (Connection connection = stack.postgres().connect(EmbeddedStack.DATABASE)) {
        // The first seconds after the snapshot include the source's switch to the replication
        // stream and JIT compilation, which delayed the passthrough copies too by seconds.
        UpdateStream.run(connection, options.rate(), options.warmupSeconds());
        load = UpdateStream.run(connection, options.rate(), options.seconds());
      }
      waitQuietly(() -> embeddings.ofTable("drivers", load.startMillis()).size() >= load.updates()
          && (!options.passthrough() || copies.ofTable("drivers", load.startMillis()).size() >= load.updates()));
      client.cancel().get(30, TimeUnit.SECONDS);
      StringBuilder report = new StringBuilder(String.format(
          "benchmark: latency rate_requested=%d rate_achieved=%.0f warmup_seconds=%d updates=%d seconds=%.1f delivery=%s"
              + " checkpoint_interval_ms=%d%n",
          options.rate(), load.rate(), options.warmupSeconds(), load.updates(), load.seconds(),
          settings.publish().exactlyOnce() ? "exactly-once" : "at-least-once",
          settings.checkpointInterval().toMillis()));
      List<EmbeddingArrivals.Arrival> embedded = embeddings.ofTable("drivers", load.startMillis());
      report.append(describe("embeddings", embedded, load.updates()));
      report.append(String.format("%n")).append(timeline("embeddings", embedded, load.startMillis()));
      if (options.passthrough()) {
        List<EmbeddingArrivals.Arrival> copied = copies.ofTable("drivers", load.startMillis());
        report.append(String.format("%n")).append(describe("passthrough", copied, load.updates()));
        report.append(String.format("%n")).append(timeline("passthrough", copied, load.startMillis()));
      }
      return report.toString();
    }
  }

  /** Returns the source settings of the passthrough pipeline: the same database, its own slot. */
  static PostgresSourceSettings passthroughSource(Configuration configuration, PostgresSourceSettings source,
      EmbeddedStack stack) {
    Configuration copy = new Configuration(configuration);
    copy.set(PostgresSourceOptions.SLOT_NAME, source.slotName() + "_passthrough");
    return PostgresSourceSettings.from(copy, stack.postgres().password());
  }

  private static String describe(String name, List<EmbeddingArrivals.Arrival> arrivals, long updates) {
    List<Long> latencies = new ArrayList<>();
    for (EmbeddingArrivals.Arrival arrival : arrivals) {
      latencies.add(arrival.receivedMillis() - arrival.commitTimeMillis());
    }
    if (latencies.isEmpty()) {
      return String.format("benchmark: %s_latency_ms n=0 of %d updates", name, updates);
    }
    latencies.sort(null);
    return String.format("benchmark: %s_latency_ms n=%d updates=%d p50=%d p90=%d p99=%d max=%d", name,
        latencies.size(), updates, percentile(latencies, 0.50), percentile(latencies, 0.90),
        percentile(latencies, 0.99), latencies.get(latencies.size() - 1));
  }

  /**
   * Returns the median and maximum latency of the updates committed in each
   * {@value #TIMELINE_SECONDS} s of the run. The timeline separates a steady delay from a growing
   * backlog or a passing stall.
   */
  private static String timeline(String name, List<EmbeddingArrivals.Arrival> arrivals, long startMillis) {
    TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    for (EmbeddingArrivals.Arrival arrival : arrivals) {
      long bucket = (arrival.commitTimeMillis() - startMillis) / (TIMELINE_SECONDS * 1000L) * TIMELINE_SECONDS;
      buckets.computeIfAbsent(bucket, key -> new ArrayList<>())
          .add(arrival.receivedMillis() - arrival.commitTimeMillis());
    }
    StringBuilder line = new StringBuilder("benchmark: " + name + "_timeline (second: p50/max ms)");
    buckets.forEach((second, latencies) -> {
      latencies.sort(null);
      line.append(String.format(" %d: %d/%d", second, percentile(latencies, 0.5), latencies.get(latencies.size() - 1)));
    });
    return line.toString();
  }

  /** Returns the nearest-rank percentile of sorted values. */
  static long percentile(List<Long> sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Waits until the condition is true or the drain time has passed; the report then shows what arrived. */
  private static void waitQuietly(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100); // Polling interval of the measurement loop.
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Timed out after " + timeoutMillis / 60_000 + " minutes waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20); // Polling interval of the measurement loop.
    }
  }
}
