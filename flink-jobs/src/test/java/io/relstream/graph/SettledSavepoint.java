package io.relstream.graph;

import io.relstream.example.Example;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PipelineBuilder;
import io.relstream.job.RelstreamJob;
import io.relstream.sampling.ExampleSerializer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * Writes a native savepoint of the generated graph after RocksDB has compacted it, for {@link
 * GraphScaleBenchmark}'s runs from a steady state. A canonical savepoint restores by writing every
 * entry into RocksDB again, and at 10,000,000 nodes RocksDB then compacts the new files for
 * minutes, so a run from it measures that compaction together with the updates. A native
 * savepoint contains RocksDB's own files, so a job restored from it in CLAIM mode starts with the
 * compacted tree of a job that has been running. The writer restores the canonical savepoint, sends {@value
 * #SETTLE_UPDATES} updates, waits until no compaction runs or waits, and stops the job with a
 * native savepoint.
 */
final class SettledSavepoint {
  /** Updates sent before the savepoint. A run from it continues with the changes after them. */
  static final long SETTLE_UPDATES = 100_000;
  /** Seconds without a running or pending compaction after which the state counts as compacted. */
  private static final int QUIET_SECONDS = 10;
  private static final Duration DEADLINE = Duration.ofMinutes(30);

  private static final AtomicLong examples = new AtomicLong();

  private SettledSavepoint() {}

  /** Returns the savepoint in {@code dir} that {@link #write} left, if there is one. */
  static Optional<Path> find(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(entry -> Files.exists(entry.resolve("_metadata"))).findFirst();
    }
  }

  /**
   * Restores {@code canonical}, settles the state and writes a native savepoint into {@code dir},
   * returning its path.
   */
  static Path write(Path canonical, Path dir, long nodes, JobSettings settings, Configuration options)
      throws Exception {
    Configuration restore = new Configuration(options);
    restore.setString("execution.savepoint.path", canonical.toUri().toString());
    restore.setString("state.backend.rocksdb.metrics.num-running-compactions", "true");
    restore.setString("state.backend.rocksdb.metrics.compaction-pending", "true");
    RocksDbStatistics.enableReporter(restore);
    StreamExecutionEnvironment env = JobLauncher.environment(settings, restore);
    RelstreamJob.configure(env, settings);
    PipelineBuilder.buildExamples(
            env.addSource(new UpdatesThenIdle(nodes, SETTLE_UPDATES)).name("settle-updates").setParallelism(1)
                .map(new GeneratedGraph.Changes(nodes)).name("generated-changes").setParallelism(1),
            GeneratedGraph.SCHEMA, settings)
        .map(new CountExamples())
        .returns(ExampleSerializer.TYPE_INFO)
        .name("count-examples")
        .setParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .setParallelism(1);
    long started = System.nanoTime();
    JobClient job = env.executeAsync("graph-scale-settle");
    long deadline = started + DEADLINE.toNanos();
    waitFor(() -> examples.get() >= SETTLE_UPDATES, deadline, "the settle updates' examples");
    long updated = System.nanoTime();
    waitForQuietCompaction(deadline);
    long compacted = System.nanoTime();
    String path = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.NATIVE)
        .get(DEADLINE.toMinutes(), TimeUnit.MINUTES);
    Path savepoint = Path.of(URI.create(path));
    System.out.printf("benchmark: graph_scale_settled_savepoint nodes=%d updates_seconds=%.1f"
            + " compaction_wait_seconds=%.1f savepoint_seconds=%.1f savepoint_mb=%.0f path=%s%n",
        nodes, (updated - started) / 1e9, (compacted - updated) / 1e9, (System.nanoTime() - compacted) / 1e9,
        GraphScaleBenchmark.directorySize(savepoint) / 1e6, savepoint);
    return savepoint;
  }

  /** Waits until every RocksDB instance has had no running or pending compaction for a while. */
  private static void waitForQuietCompaction(long deadline) throws InterruptedException {
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
      if (RocksDbStatistics.sum("num-running-compactions") + RocksDbStatistics.sum("compaction-pending") > 0) {
        quietSince = System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("RocksDB was still compacting after " + DEADLINE);
      }
      TimeUnit.SECONDS.sleep(1);
    }
  }

  /** Polls {@code done} every 100 ms until it holds, failing at the deadline. */
  private static void waitFor(BooleanSupplier done, long deadline, String awaited) throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out waiting for " + awaited);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Counts the examples that reach the end of the settle job. */
  private static final class CountExamples implements MapFunction<Example, Example> {
    private static final long serialVersionUID = 1L;

    @Override
    public Example map(Example example) {
      examples.incrementAndGet();
      return example;
    }
  }

  /**
   * Emits the update indexes {@code first} to {@code first + count - 1}, then idles until the job
   * stops. With a bounded source the job would end after the updates, before the compaction is
   * done and the savepoint taken. NOTE: a legacy source, which Flink deprecates, because it can
   * idle without a rate limiter.
   */
  private static final class UpdatesThenIdle implements SourceFunction<Long> {
    private static final long serialVersionUID = 1L;
    private final long first;
    private final long count;
    private volatile boolean running = true;

    UpdatesThenIdle(long first, long count) {
      this.first = first;
      this.count = count;
    }

    @Override
    public void run(SourceContext<Long> context) throws InterruptedException {
      for (long index = first; index < first + count && running; index++) {
        synchronized (context.getCheckpointLock()) {
          context.collect(index);
        }
      }
      while (running) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }
}
