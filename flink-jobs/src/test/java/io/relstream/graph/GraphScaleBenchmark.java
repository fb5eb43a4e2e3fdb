package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PipelineBuilder;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import io.relstream.sampling.ExampleSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.FileUtils;

/**
 * Measures the graph and sampling stages' cost per change at a given graph size, on the graph of
 * {@link GeneratedGraph}: {@code nodes} inserts, then {@code updates} updates of random children.
 * The real operators run on a local cluster in this JVM with RocksDB state and the job's default
 * options, or with Flink's heap state backend given {@code state.backend.type=hashmap
 * graph.cache-entries=0}, in which case the state is part of the heap after GC and the RocksDB size
 * is 0. The figures cover the update phase only, from the example of the last change before it to
 * the example of the last update. They are the wall time and this JVM's CPU time per update and
 * the rows and cells (row values) of the updates' examples, and the CPU time of the busiest threads
 * during the updates, RocksDB's native threads included ({@link ThreadCpuTimes}). At the end the
 * program also reads the heap in use after a full GC and the size of the RocksDB directories.
 *
 * <p>The inserts reach the graph state in one of two ways. By default they go through the measured
 * job's operators, one example each. With {@code --savepoint DIR} the program instead writes their
 * state into a savepoint in DIR with {@link NodeStateSavepoint}, or reuses the one already there,
 * and starts the measured job from it. That job sends {@value #WARM_UP_UPDATES} updates before the
 * measured ones, so that the figures leave out the restore and the first reads of a cold RocksDB
 * instance. With {@code updates} 0 the program only writes the savepoint.
 *
 * <p>With {@code --native-savepoint DIR} as well, the measured job starts instead from a native
 * savepoint in DIR, written once by {@link SettledSavepoint} after RocksDB has compacted the
 * restored state, and restored from a copy in CLAIM mode. Such a run measures the updates of a job
 * that has been running, without the compaction that follows a canonical restore.
 *
 * <p>With {@code --cache-statistics} each RocksDB instance also counts its block cache's hits and
 * misses ({@link RocksDbStatistics}), and the program reports the hit rate, overall and per
 * quarter, and the hits and misses per update. The counting costs CPU, so compare CPU figures only
 * between runs that both count or both do not.
 *
 * <p>NOTE: the figures count this JVM's CPU time, RocksDB's background threads included. After a
 * canonical restore of 10,000,000 nodes, RocksDB's compaction thread stays busy for minutes, so
 * short runs at that size from {@code --savepoint} alone measure the compaction of the restored
 * files as much as the updates. The CPU per quarter of the updates shows where that ends.
 *
 * <p>Not a test: run it with the test class path, for example {@code java -cp
 * target/test-classes:target/classes:<dependencies> io.relstream.graph.GraphScaleBenchmark 100000
 * 50000 [--savepoint DIR [--native-savepoint DIR]] [--active N] [--cache-statistics] [KEY=VALUE
 * ...]}, where {@code --active N} makes the updates pick among the N most recent children instead
 * of all, and each KEY=VALUE sets a job option (keys under graph., sampling. and job.) or a Flink
 * option over the defaults.
 */
public final class GraphScaleBenchmark {
  /** Updates that a job started from a savepoint sends before the measured ones. */
  static final long WARM_UP_UPDATES = 10_000;
  /** Number of parts of the measured updates whose CPU time is reported separately. */
  private static final int QUARTERS = 4;
  /** Number of threads whose CPU time during the measured updates is reported, busiest first. */
  private static final int BUSIEST_THREADS = 8;

  // The operators run in this JVM, so the counting stage hands its readings to main through statics.
  private static volatile Reading firstExample;
  private static volatile Reading warmedUp;
  /** Readings at the end of each quarter of the measured updates. */
  private static final Reading[] quarterReadings = new Reading[QUARTERS];
  private static volatile Reading updatesDone;
  /** Per-thread CPU times at the start and the end of the measured updates. */
  private static volatile ThreadCpuTimes warmedUpThreads;
  private static volatile ThreadCpuTimes updatesDoneThreads;
  private static volatile long updateRows;
  private static volatile long updateCells;

  private GraphScaleBenchmark() {}

  /**
   * Clock, CPU, block cache and memory readings, taken when the example count reached a phase's
   * end. The cache counts are 0 unless the statistics are on.
   */
  private record Reading(
      long wallNanos, long cpuNanos, long cacheHits, long cacheMisses, long heapBytes, long rocksDbBytes) {}

  public static void main(String[] args) throws Exception {
    long nodes = Long.parseLong(args[0]);
    long updates = Long.parseLong(args[1]);
    Path stateDir = Files.createTempDirectory("graph-scale-rocksdb");
    Configuration options = new Configuration();
    options.setString("state.backend.rocksdb.localdir", stateDir.toString());
    Path checkpointDir = Files.createTempDirectory("graph-scale-checkpoints");
    Configuration jobOptions = new Configuration();
    Path savepoint = null;
    Path settledDir = null;
    long activeChildren = GeneratedGraph.children(nodes);
    boolean cacheStatisticsOn = false;
    // Further arguments KEY=VALUE set options over the defaults, to compare their effect on the
    // same graph: keys under graph., sampling. and job. are job options, the others Flink options such
    // as the managed memory or RocksDB's bloom filter.
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--savepoint") && i + 1 < args.length) {
        savepoint = Path.of(args[++i]).toAbsolutePath();
        continue;
      }
      if (args[i].equals("--native-savepoint") && i + 1 < args.length) {
        settledDir = Path.of(args[++i]).toAbsolutePath();
        continue;
      }
      if (args[i].equals("--cache-statistics")) {
        RocksDbStatistics.enable(options);
        cacheStatisticsOn = true;
        continue;
      }
      if (args[i].equals("--active") && i + 1 < args.length) {
        activeChildren = Long.parseLong(args[++i]);
        continue;
      }
      int separator = args[i].indexOf('=');
      if (separator <= 0) {
        throw new IllegalArgumentException("Invalid argument " + args[i]
            + ": expected KEY=VALUE, --savepoint DIR, --native-savepoint DIR, --active N or --cache-statistics");
      }
      String key = args[i].substring(0, separator);
      boolean jobOption = key.startsWith("graph.") || key.startsWith("sampling.") || key.startsWith("job.");
      (jobOption ? jobOptions : options).setString(key, args[i].substring(separator + 1));
    }
    // The graph stages have no Kafka sink, so nothing connects to this required address.
    jobOptions.set(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    jobOptions.set(RelstreamOptions.CHECKPOINT_DIR, checkpointDir.toUri().toString());
    JobSettings settings = JobSettings.from(jobOptions);

    if (settledDir != null && savepoint == null) {
      throw new IllegalArgumentException("--native-savepoint needs --savepoint, whose state it settles");
    }
    Start start = savepoint == null ? new Start(0, nodes, null)
        : savepoints(savepoint, settledDir, nodes, settings, options);
    if (updates == 0) {
      FileUtils.deleteDirectory(stateDir.toFile());
      FileUtils.deleteDirectory(checkpointDir.toFile());
      return; // Only the savepoints were requested.
    }
    Path claimed = start.nativeSavepoint() == null ? null : claimCopy(start.nativeSavepoint(), options);
    long firstChange = start.firstChange();
    long skipped = start.skipped();
    StreamExecutionEnvironment env = JobLauncher.environment(settings, options);
    RelstreamJob.configure(env, settings);
    PipelineBuilder.buildExamples(
            changes(env, firstChange, firstChange + skipped + updates - 1, nodes, activeChildren),
            GeneratedGraph.SCHEMA, settings)
        .map(new ExampleCounter(skipped, updates, stateDir))
        .returns(ExampleSerializer.TYPE_INFO)
        .name("count-examples")
        .setParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .setParallelism(1);
    long submitted = System.nanoTime();
    env.execute("graph-scale-benchmark");
    FileUtils.deleteDirectory(stateDir.toFile());
    FileUtils.deleteDirectory(checkpointDir.toFile());
    if (claimed != null) {
      FileUtils.deleteDirectory(claimed.toFile());
    }

    double seconds = (updatesDone.wallNanos - warmedUp.wallNanos) / 1e9;
    double cpuSeconds = (updatesDone.cpuNanos - warmedUp.cpuNanos) / 1e9;
    // The quarters show whether the cost still changes during the measured phase. After a restore,
    // RocksDB's block cache starts empty and its files wait for compaction.
    StringBuilder quarters = new StringBuilder();
    StringBuilder hitRates = new StringBuilder();
    Reading previous = warmedUp;
    for (int quarter = 0; quarter < QUARTERS; quarter++) {
      long quarterUpdates = quarterEnd(updates, quarter) - (quarter == 0 ? 0 : quarterEnd(updates, quarter - 1));
      Reading end = quarterReadings[quarter];
      quarters.append(quarter == 0 ? "" : ",")
          .append(Math.round((end.cpuNanos - previous.cpuNanos) / 1e3 / quarterUpdates));
      hitRates.append(quarter == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", hitRate(previous, end)));
      previous = end;
    }
    System.out.printf("benchmark: graph_scale nodes=%d parents=%d active_children=%d updates=%d preload=%s"
            + " first_example_seconds=%.1f"
            + " update_seconds=%.1f wall_us_per_update=%.0f cpu_us_per_update=%.0f cpu_us_per_update_quarters=%s"
            + " rows_per_example=%.1f cells_per_example=%.1f cpu_us_per_cell=%.2f heap_mb_after_gc=%.0f"
            + " rocksdb_mb=%.0f cpu_seconds_by_thread=%s%n",
        nodes, GeneratedGraph.parents(nodes), activeChildren, updates, savepoint == null ? "operators" : "savepoint",
        (firstExample.wallNanos - submitted) / 1e9, seconds, seconds * 1e6 / updates, cpuSeconds * 1e6 / updates,
        quarters,
        (double) updateRows / updates, (double) updateCells / updates, cpuSeconds * 1e6 / updateCells,
        updatesDone.heapBytes / 1e6, updatesDone.rocksDbBytes / 1e6,
        updatesDoneThreads.busiestSince(warmedUpThreads, BUSIEST_THREADS));
    if (cacheStatisticsOn) {
      printBlockCache(nodes, updates, hitRates.toString());
    }
  }

  /** Prints the block cache's hit rate, overall and per quarter, and its hits and misses per update. */
  private static void printBlockCache(long nodes, long updates, String quarterHitRates) {
    if (!RocksDbStatistics.registered()) {
      System.out.println("benchmark: no RocksDB statistics were registered, so no block cache figures");
      return;
    }
    System.out.printf(Locale.ROOT, "benchmark: graph_scale_block_cache nodes=%d block_cache_hit_rate=%.3f"
            + " block_cache_hit_rate_quarters=%s block_cache_misses_per_update=%.2f"
            + " block_cache_hits_per_update=%.2f%n",
        nodes, hitRate(warmedUp, updatesDone), quarterHitRates,
        (double) (updatesDone.cacheMisses - warmedUp.cacheMisses) / updates,
        (double) (updatesDone.cacheHits - warmedUp.cacheHits) / updates);
  }

  /** Returns the share of block cache reads between two readings that hit, or NaN without reads. */
  private static double hitRate(Reading from, Reading to) {
    long hits = to.cacheHits - from.cacheHits;
    long misses = to.cacheMisses - from.cacheMisses;
    return hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
  }

  /**
   * Returns changes {@code from} to {@code to} of the generated graph from one source subtask, so
   * that they enter in index order: every insert before the first update, and a parent before its
   * children.
   */
  private static DataStream<RowChange> changes(
      StreamExecutionEnvironment env, long from, long to, long nodes, long activeChildren) {
    return env.fromSequence(from, to).setParallelism(1)
        .map(new GeneratedGraph.Changes(nodes, activeChildren)).name("generated-changes").setParallelism(1);
  }

  /**
   * Where the measured job starts: the first change it sends, how many changes come before the
   * measured ones, and the native savepoint to restore from, or null for the canonical one.
   */
  private record Start(long firstChange, long skipped, Path nativeSavepoint) {}

  /**
   * Writes or reuses the savepoints. Without {@code settledDir} it also sets the option that
   * restores the measured job from the canonical one.
   */
  private static Start savepoints(Path savepoint, Path settledDir, long nodes, JobSettings settings,
      Configuration options) throws Exception {
    preload(savepoint, nodes, settings, options);
    if (settledDir == null) {
      options.setString("execution.savepoint.path", savepoint.toUri().toString());
      return new Start(nodes, WARM_UP_UPDATES, null);
    }
    Optional<Path> found = SettledSavepoint.find(settledDir);
    Path settled = found.isPresent() ? found.get()
        : SettledSavepoint.write(savepoint, settledDir, nodes, settings, options);
    return new Start(nodes + SettledSavepoint.SETTLE_UPDATES, WARM_UP_UPDATES, settled);
  }

  /**
   * Copies a native savepoint and sets the options that restore the measured job from the copy in
   * CLAIM mode, returning the copy's directory. CLAIM mode spares the first checkpoint a full copy
   * of the state, but lets Flink delete the files it restored from.
   */
  private static Path claimCopy(Path nativeSavepoint, Configuration options) throws IOException {
    System.out.printf("benchmark: restoring the native savepoint %s%n", nativeSavepoint);
    Path copy = Files.createTempDirectory("graph-scale-claimed");
    copyDirectory(nativeSavepoint, copy);
    options.setString("execution.savepoint-restore-mode", "CLAIM");
    options.setString("execution.savepoint.path", copy.toUri().toString());
    return copy;
  }

  /** Writes the inserts' graph state into a savepoint in {@code dir}, unless the directory has one. */
  private static void preload(Path dir, long nodes, JobSettings settings, Configuration options) throws Exception {
    if (Files.exists(dir.resolve("_metadata"))) {
      System.out.printf("benchmark: reusing the savepoint in %s%n", dir);
      return;
    }
    StreamExecutionEnvironment env = JobLauncher.environment(settings, options);
    DataStream<RowChange> inserts = changes(env, 0, nodes - 1, nodes, GeneratedGraph.children(nodes));
    NodeStateSavepoint.write(env, inserts, GeneratedGraph.SCHEMA, settings, dir.toUri().toString());
    long started = System.nanoTime();
    env.execute("graph-scale-savepoint");
    System.out.printf("benchmark: graph_scale_savepoint nodes=%d seconds=%.1f savepoint_mb=%.0f%n", nodes,
        (System.nanoTime() - started) / 1e9, directorySize(dir) / 1e6);
  }

  /** Copies the files under {@code from} to the same relative paths under {@code to}. */
  private static void copyDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  /** Returns the total size of the files under {@code dir}. */
  static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return 0; // RocksDB deleted the file while it was being listed.
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns how many of the measured updates are done at the end of a quarter, counted from 0. */
  private static long quarterEnd(long updates, int quarter) {
    return updates * (quarter + 1) / QUARTERS;
  }

  /** Passes examples on and takes readings at the first example, the last skipped one, each quarter and the end. */
  private static final class ExampleCounter implements MapFunction<Example, Example> {
    private static final long serialVersionUID = 1L;
    private final long skipped;
    private final long updates;
    private final String stateDir;
    private long count;

    /** Counts {@code skipped} examples before the measured {@code updates}. */
    ExampleCounter(long skipped, long updates, Path stateDir) {
      this.skipped = skipped;
      this.updates = updates;
      this.stateDir = stateDir.toString();
    }

    @Override
    public Example map(Example example) {
      count++;
      if (count == 1) {
        firstExample = read(false);
      }
      if (count > skipped) {
        updateRows += example.rows().size();
        for (ExampleRow row : example.rows()) {
          updateCells += row.values().length;
        }
      }
      if (count == skipped) {
        warmedUp = read(false);
        warmedUpThreads = ThreadCpuTimes.read();
      }
      for (int quarter = 0; quarter < QUARTERS - 1; quarter++) {
        if (count == skipped + quarterEnd(updates, quarter)) {
          quarterReadings[quarter] = read(false);
        }
      }
      if (count == skipped + updates) {
        updatesDoneThreads = ThreadCpuTimes.read();
        updatesDone = read(true);
        quarterReadings[QUARTERS - 1] = updatesDone;
      }
      return example;
    }

    private Reading read(boolean withMemory) {
      long wall = System.nanoTime();
      long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      long hits = RocksDbStatistics.sum("block_cache_hit");
      long misses = RocksDbStatistics.sum("block_cache_miss");
      if (!withMemory) {
        return new Reading(wall, cpu, hits, misses, 0, 0);
      }
      System.gc(); // NOTE: a request to the JVM; the heap figure is an estimate.
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Reading(wall, cpu, hits, misses, heap, directorySize(Path.of(stateDir)));
    }
  }
}
