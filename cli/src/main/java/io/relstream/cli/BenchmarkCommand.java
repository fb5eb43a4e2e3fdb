package io.relstream.cli;

import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.graph.GraphOutputs;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamJob;
import io.relstream.sampling.ExampleAssembler;
import io.relstream.schema.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relstream benchmark}: measures the snapshot's wall time through the whole job, training
 * steps per second, the commit-to-embedding latency of single updates, with {@code --latency} the
 * latency under a steady update rate, and, with {@code --graph-only}, how fast changes flow into graph
 * state and examples without training. {@code --passthrough} adds the baseline. With {@code --latency}
 * it is a copy of the CDC stream to Kafka in the same job. With {@code --graph-only} it is a second
 * source that counts its changes in the same job as the graph stages. On its own it runs the source
 * alone.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measure snapshot time, training speed and single-update latency on an embedded stack.")
final class BenchmarkCommand implements Callable<Integer> {
  private static final long WAIT_MILLIS = TimeUnit.MINUTES.toMillis(30);

  @Option(names = "--dataset", required = true, description = "Dataset directory with schema.json and CSV files.")
  Path dataset;

  @Option(names = "--updates", defaultValue = "20", description = "Single updates whose latency is measured (default: ${DEFAULT-VALUE}).")
  int updates;

  @Option(names = "--graph-only",
      description = "Run only the graph and sampling stages and report rows per second until every row has its example.")
  boolean graphOnly;

  @Option(names = "--latency", description = "Measure commit-to-embedding latency under a steady update rate after the snapshot.")
  boolean latency;

  @Option(names = "--rate", defaultValue = "1000", description = "With --latency: row changes per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "60", description = "With --latency: seconds of updates (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "30", description = "With --latency: seconds of updates before the measured ones, left out of the figures (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--passthrough",
      description = "The baseline: with --latency, also copy the CDC stream to Kafka unprocessed in the same job;"
          + " with --graph-only, also count the changes of a second source in the same job and report the ratio;"
          + " otherwise run only the source and a stage that counts the changes.")
  boolean passthrough;

  @Mixin
  JobArgs job;

  @Override
  public Integer call() throws Exception {
    EmbeddedStack.checkInputs(dataset, job);
    if (rate < 1 || rate > 100_000 || seconds < 1 || warmupSeconds < 0) {
      throw new UserInputException("--rate must be from 1 to 100000, --seconds at least 1 and --warmup-seconds at"
          + " least 0, but were " + rate + ", " + seconds + " and " + warmupSeconds);
    }
    Path work = Files.createTempDirectory("relstream-benchmark");
    try (EmbeddedStack stack = EmbeddedStack.start(work, dataset)) {
      Configuration configuration = job.configuration(stack.jobDefaults());
      PostgresSourceSettings source = PostgresSourceSettings.from(configuration, stack.postgres().password());
      JobSettings settings = JobSettings.from(configuration);
      DiscoveryResult discovery = JobLauncher.prepare(source, job.discoveryOptions(), settings);
      long rows = countRows(stack, discovery);
      if (latency) {
        System.out.println(LatencyBenchmark.run(stack, configuration, job.userOptions(), source, discovery, settings,
            rows, new LatencyBenchmark.Options(rate, warmupSeconds, seconds, passthrough)));
      } else if (graphOnly && passthrough) {
        PostgresSourceSettings baseline = LatencyBenchmark.passthroughSource(configuration, source, stack);
        System.out.println(graphBesidePassthrough(source, baseline, discovery, settings, rows));
      } else if (passthrough) {
        System.out.println(passthrough(source, discovery, settings, rows));
      } else {
        System.out.println(graphOnly ? graphOnly(source, discovery, settings, rows) : fullJob(stack, source, discovery, settings, rows));
      }
    } finally {
      DemoFiles.deleteRecursively(work);
    }
    return 0;
  }

  private String graphOnly(PostgresSourceSettings source, DiscoveryResult discovery, JobSettings settings, long rows)
      throws Exception {
    StreamExecutionEnvironment env = JobLauncher.environment(settings, job.userOptions());
    RelstreamJob.defineGraphOnly(env, source, discovery.schema(), settings);
    ProcessClock clock = new ProcessClock();
    JobClient client = env.executeAsync("relstream-graph-benchmark");
    waitUntil(() -> accumulator(client, GraphOutputs.ROWS_READ_ACCUMULATOR) >= rows, "the graph to read " + rows + " rows");
    double readSeconds = clock.read().wallSeconds();
    waitUntil(() -> accumulator(client, ExampleAssembler.EXAMPLES_ACCUMULATOR) >= rows, rows + " examples");
    ProcessClock.Reading done = clock.read();
    String contexts = contextCosts(client, done);
    client.cancel().get(30, TimeUnit.SECONDS);
    return String.format("benchmark: graph_only rows=%d read_seconds=%.1f seconds=%.1f rows_per_second=%.0f%n%s",
        rows, readSeconds, done.wallSeconds(), rows / done.wallSeconds(), contexts);
  }

  /**
   * Runs the graph stages and the passthrough baseline in one job, each on its own replication slot,
   * so that both share the machine's load, and reports each one's time until it has handled every row.
   */
  private String graphBesidePassthrough(PostgresSourceSettings source, PostgresSourceSettings baseline,
      DiscoveryResult discovery, JobSettings settings, long rows) throws Exception {
    StreamExecutionEnvironment env = JobLauncher.environment(settings, job.userOptions());
    RelstreamJob.defineGraphOnly(env, source, discovery.schema(), settings);
    RelstreamJob.defineSideBySidePassthrough(env, baseline, discovery.schema());
    ProcessClock clock = new ProcessClock();
    JobClient client = env.executeAsync("relstream-graph-passthrough-benchmark");
    waitUntil(() -> accumulator(client, RelstreamJob.PASSTHROUGH_ROWS_ACCUMULATOR) >= rows, rows + " passthrough changes");
    ProcessClock.Reading passthroughDone = clock.read();
    waitUntil(() -> accumulator(client, ExampleAssembler.EXAMPLES_ACCUMULATOR) >= rows, rows + " examples");
    ProcessClock.Reading graphDone = clock.read();
    String contexts = contextCosts(client, graphDone);
    client.cancel().get(30, TimeUnit.SECONDS);
    double ratio = passthroughDone.wallSeconds() / graphDone.wallSeconds();
    return String.format("benchmark: side_by_side rows=%d passthrough_seconds=%.1f passthrough_rows_per_second=%.0f"
            + " graph_seconds=%.1f graph_rows_per_second=%.0f ratio=%.2f%n%s",
        rows, passthroughDone.wallSeconds(), rows / passthroughDone.wallSeconds(), graphDone.wallSeconds(),
        rows / graphDone.wallSeconds(), ratio, contexts);
  }

  /** Returns the examples' rows and cells and the wall and process CPU time per example and per cell. */
  private static String contextCosts(JobClient client, ProcessClock.Reading reading) {
    long examples = accumulator(client, ExampleAssembler.EXAMPLES_ACCUMULATOR);
    long exampleRows = accumulator(client, ExampleAssembler.EXAMPLE_ROWS_ACCUMULATOR);
    long cells = accumulator(client, ExampleAssembler.EXAMPLE_CELLS_ACCUMULATOR);
    return String.format("benchmark: contexts examples=%d rows_per_example=%.1f cells_per_example=%.1f"
            + " cpu_seconds=%.1f wall_ms_per_example=%.3f cpu_ms_per_example=%.3f wall_us_per_cell=%.2f"
            + " cpu_us_per_cell=%.2f",
        examples, (double) exampleRows / examples, (double) cells / examples, reading.cpuSeconds(),
        reading.wallSeconds() * 1e3 / examples, reading.cpuSeconds() * 1e3 / examples,
        reading.wallSeconds() * 1e6 / cells, reading.cpuSeconds() * 1e6 / cells);
  }

  private String passthrough(PostgresSourceSettings source, DiscoveryResult discovery, JobSettings settings, long rows)
      throws Exception {
    StreamExecutionEnvironment env = JobLauncher.environment(settings, job.userOptions());
    RelstreamJob.definePassthrough(env, source, discovery.schema(), settings);
    long started = System.nanoTime();
    JobClient client = env.executeAsync("relstream-passthrough-benchmark");
    waitUntil(() -> accumulator(client, GraphOutputs.ROWS_READ_ACCUMULATOR) >= rows, rows + " changes");
    double seconds = (System.nanoTime() - started) / 1e9;
    client.cancel().get(30, TimeUnit.SECONDS);
    return String.format("benchmark: passthrough rows=%d seconds=%.1f rows_per_second=%.0f", rows, seconds, rows / seconds);
  }

  private String fullJob(EmbeddedStack stack, PostgresSourceSettings source, DiscoveryResult discovery,
      JobSettings settings, long rows) throws Exception {
    try (EmbeddingArrivals arrivals = new EmbeddingArrivals(settings.publish().bootstrapServers(),
        settings.publish().embeddingsTopic()); DemoMonitor monitor = new DemoMonitor(settings.publish())) {
      long started = System.nanoTime();
      JobClient client = JobLauncher.start(JobLauncher.environment(settings, job.userOptions()), source, discovery, settings);
      waitUntil(() -> arrivals.count() >= rows, rows + " embeddings of the snapshot");
      double seconds = (System.nanoTime() - started) / 1e9;
      int steps = monitor.losses().size();
      List<Long> stepMillis = monitor.stepMillis();
      List<Long> latencies = singleUpdateLatencies(stack, arrivals);
      client.cancel().get(30, TimeUnit.SECONDS);
      return String.format("benchmark: snapshot rows=%d seconds=%.1f steps=%d steps_per_second=%.2f examples_per_second=%.0f%n"
              + "benchmark: training_step_ms n=%d median=%d min=%d max=%d%n"
              + "benchmark: single_update_latency_ms n=%d median=%d min=%d max=%d all=%s",
          rows, seconds, steps, steps / seconds, rows / seconds,
          stepMillis.size(), median(stepMillis), Collections.min(stepMillis), Collections.max(stepMillis),
          latencies.size(), median(latencies), Collections.min(latencies), Collections.max(latencies), latencies);
    }
  }

  /** Updates one driver at a time and waits for its embedding: consumer arrival minus source commit. */
  private List<Long> singleUpdateLatencies(EmbeddedStack stack, EmbeddingArrivals arrivals) throws Exception {
    List<Long> latencies = new ArrayList<>();
    try (Connection connection = stack.postgres().connect(EmbeddedStack.DATABASE);
        Statement statement = connection.createStatement()) {
      for (int driver = 1; driver <= updates; driver++) {
        String entity = "drivers/" + driver;
        long before = System.currentTimeMillis() - 1_000;
        statement.executeUpdate("UPDATE drivers SET number = COALESCE(number, 0) + 1 WHERE \"driverId\" = " + driver);
        waitUntil(() -> !arrivals.of(entity, before).isEmpty(), "an embedding of " + entity);
        EmbeddingArrivals.Arrival arrival = arrivals.of(entity, before).get(0);
        latencies.add(arrival.receivedMillis() - arrival.commitTimeMillis());
      }
    }
    return latencies;
  }

  private static long countRows(EmbeddedStack stack, DiscoveryResult discovery) throws Exception {
    long rows = 0;
    try (Connection connection = stack.postgres().connect(EmbeddedStack.DATABASE);
        Statement statement = connection.createStatement()) {
      for (TableSchema table : discovery.schema().tables()) {
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table.name() + "\"")) {
          count.next();
          rows += count.getLong(1);
        }
      }
    }
    return rows;
  }

  private static long accumulator(JobClient client, String name) {
    try {
      Object value = client.getAccumulators().get(5, TimeUnit.SECONDS).get(name);
      return value instanceof Number number ? number.longValue() : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Timed out after " + WAIT_MILLIS / 60_000 + " minutes waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20); // Polling interval of the measurement loop.
    }
  }
}
