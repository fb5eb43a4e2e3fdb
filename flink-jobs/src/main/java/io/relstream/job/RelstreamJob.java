package io.relstream.job;

import io.relstream.cdc.PostgresCdcSources;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.graph.ChildEntry;
import io.relstream.graph.ChildSample;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.PendingChange;
import io.relstream.graph.NodeRow;
import io.relstream.graph.RowVersion;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.HopRequest;
import java.util.List;
import io.relstream.publish.KafkaPublishing;
import io.relstream.publish.PublishSettings;
import io.relstream.schema.DatabaseSchema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: the PostgreSQL CDC source, the pipeline, and the Kafka sinks, on an environment
 * with RocksDB state and checkpointing.
 */
public final class RelstreamJob {
  private static final Logger LOG = LoggerFactory.getLogger(RelstreamJob.class);
  public static final String JOB_NAME = "relstream";

  /** Name of the accumulator that counts the changes read by the side-by-side passthrough pipeline. */
  public static final String PASSTHROUGH_ROWS_ACCUMULATOR = "passthrough-rows-read";

  private RelstreamJob() {}

  /**
   * Returns the Flink configuration the job needs: RocksDB state with options for point look-ups,
   * incremental checkpoints and, where given, a checkpoint directory.
   */
  public static Configuration environmentConfiguration(JobSettings settings) {
    Configuration configuration = new Configuration();
    configuration.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    // Example assembly registers a timer per waiting example; heap timers avoid a RocksDB write and
    // delete for each of them.
    configuration.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
    setRocksDbDefaults(configuration);
    // A full checkpoint writes the whole state at every interval, so its cost per change grows with
    // the graph. An incremental one uploads only the RocksDB files written since the last one. The
    // deployment files under deploy/ and docker/ set the same for clusters.
    configuration.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    if (settings.checkpointDir() != null) {
      configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
    }
    return configuration;
  }

  /**
   * Rejects a heap state backend while the graph operators' heap caches are on. With
   * {@code graph.cache-entries} above 0, the node store keeps the objects that it has written to
   * state and changes them in place on the node's next update. RocksDB copies each value into its
   * own bytes on write, so that is safe there. A heap backend keeps the object itself, and its
   * asynchronous checkpoint would then write objects that change under it: a
   * ConcurrentModificationException at best, at worst a checkpoint that contains changes from after
   * its barrier. With the caches off, every operator reads, changes and writes a value within one
   * call, which the heap backend's copy-on-write snapshots allow.
   *
   * @param configuration Flink options. Without {@code state.backend.type} it passes, because the
   *     job's own configuration sets RocksDB.
   * @param cacheEntries the value of {@code graph.cache-entries}
   * @throws IllegalArgumentException for a backend other than RocksDB while {@code cacheEntries} is above 0
   */
  public static void checkStateBackend(ReadableConfig configuration, int cacheEntries) {
    String backend = configuration.getOptional(StateBackendOptions.STATE_BACKEND).orElse("rocksdb");
    if (cacheEntries > 0 && !"rocksdb".equalsIgnoreCase(backend.trim())) {
      throw new IllegalArgumentException("Invalid " + StateBackendOptions.STATE_BACKEND.key() + " '" + backend
          + "' with " + RelstreamOptions.CACHE_ENTRIES.key() + " " + cacheEntries + ": the graph operators' heap"
          + " cache changes state values in place, which is safe only in rocksdb because it copies each value on"
          + " write. Set " + RelstreamOptions.CACHE_ENTRIES.key() + " to 0 for this backend, or set "
          + StateBackendOptions.STATE_BACKEND.key() + " to rocksdb.");
    }
  }

  /**
   * Sets RocksDB options for point look-ups in node state that outgrows the block cache. Bloom
   * filters let a get skip the files that lack its key, such as an event-time node's usually empty
   * list of waiting changes. LZ4 replaces Flink 1.20's default, Snappy, and 2 KB blocks replace
   * 4 KB ones, so a cache miss reads and decompresses less. In GraphScaleBenchmark at 1,000,000
   * nodes the three cut the CPU per update by about a third (BENCHMARKS.md).
   *
   * <p>Partitioned index and filter blocks matter once the state reaches gigabytes. Unpartitioned,
   * every file has one index block and one filter block, together about 5 % of its data, and with
   * managed memory Flink keeps them in the block cache's high-priority pool, a tenth of the cache.
   * In GraphScaleBenchmark at 10,000,000 nodes they took 116 MB against a pool of 45 MB, over half
   * a megabyte per block. Partitioned, a get reads only the small partitions it needs, and only a
   * top-level index stays pinned. That cut the CPU per update at that size by 2 to 3 times, while a
   * pool three times larger without partitions did not help.
   *
   * <p>NOTE: {@code RelstreamJobMain} passes these keys to {@code env.configure}. Whether they then
   * replace a cluster's own values for the same keys was not checked.
   */
  private static void setRocksDbDefaults(Configuration configuration) {
    configuration.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    configuration.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.LZ4_COMPRESSION));
    configuration.set(RocksDBConfigurableOptions.BLOCK_SIZE, MemorySize.parse("2kb"));
    configuration.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
  }

  /** Applies checkpointing and latency settings to an environment. */
  public static void configure(StreamExecutionEnvironment env, JobSettings settings) {
    env.enableCheckpointing(settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    env.setBufferTimeout(settings.networkBufferTimeout().toMillis());
    registerKryoTypes(env);
  }

  /**
   * Registers the types that Flink hands to Kryo (row values, and records and POJOs inside lists and
   * maps), so that Kryo writes a small id instead of the class name for each object.
   */
  @SuppressWarnings("deprecation") // The replacement, pipeline.serialization-config, takes class names as strings.
  private static void registerKryoTypes(StreamExecutionEnvironment env) {
    for (Class<?> type : List.of(Object[].class, ChildEntry.class, ChildSample.class, ExampleRow.class, Example.class,
        ExamplePiece.class, HopRequest.class, RowChange.class, PendingChange.class, RowVersion.class, NodeRow.class,
        java.util.ArrayList.class, java.util.LinkedHashMap.class, java.util.TreeMap.class, java.util.HashMap.class)) {
      env.getConfig().registerKryoType(type);
    }
  }

  /** Adds the source, the pipeline and the sinks to the environment and returns the pipeline's streams. */
  public static Pipeline define(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema, JobSettings settings) {
    configure(env, settings);
    DataStream<RowChange> changes = changes(env, source, schema);
    Pipeline pipeline = PipelineBuilder.build(changes, schema, settings);
    attachSinks(pipeline, settings.publish());
    LOG.info("Defined job over {} with {}", schema, settings.publish());
    return pipeline;
  }

  /**
   * Adds the source and the graph and sampling stages only, with examples discarded: the job that
   * measures how fast changes flow into graph state.
   */
  public static void defineGraphOnly(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema, JobSettings settings) {
    configure(env, settings);
    DataStream<RowChange> changes = changes(env, source, schema);
    PipelineBuilder.buildExamples(changes, schema, settings).sinkTo(new DiscardingSink<>()).name("discard");
  }

  /**
   * Adds the source and the graph and sampling stages only and returns the examples, for tests that
   * check the examples themselves.
   */
  public static DataStream<Example> defineExamples(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema, JobSettings settings) {
    configure(env, settings);
    return PipelineBuilder.buildExamples(changes(env, source, schema), schema, settings);
  }

  /**
   * Adds the source and a stage that only counts the changes, with the changes discarded: the
   * baseline that the graph stages' throughput is compared with.
   */
  public static void definePassthrough(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema, JobSettings settings) {
    configure(env, settings);
    changes(env, source, schema, "postgres-cdc")
        .map(new ChangeCounter(GraphOutputs.ROWS_READ_ACCUMULATOR))
        .name("count-changes")
        .sinkTo(new DiscardingSink<>())
        .name("discard");
  }

  /**
   * Adds a second source, which must read its own replication slot, and a stage that counts its
   * changes in the accumulator {@link #PASSTHROUGH_ROWS_ACCUMULATOR}: the baseline that runs in the
   * same job as the graph stages, so that both see the same machine load.
   */
  public static void defineSideBySidePassthrough(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema) {
    changes(env, source, schema, "passthrough-cdc")
        .map(new ChangeCounter(PASSTHROUGH_ROWS_ACCUMULATOR))
        .name("passthrough-count")
        .uid("passthrough-count")
        .setParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .name("passthrough-discard");
  }

  private static DataStream<RowChange> changes(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema) {
    return changes(env, source, schema, "postgres-cdc");
  }

  private static DataStream<RowChange> changes(
      StreamExecutionEnvironment env, PostgresSourceSettings source, DatabaseSchema schema, String name) {
    return env
        .fromSource(PostgresCdcSources.create(source, schema), WatermarkStrategy.noWatermarks(), name)
        .uid(name)
        .setParallelism(1);
  }

  /** Attaches the Kafka sinks for embeddings, progress, dead letters and model versions. */
  public static void attachSinks(Pipeline pipeline, PublishSettings publish) {
    pipeline.embeddings().sinkTo(KafkaPublishing.embeddingSink(publish)).name("embeddings-sink").uid("embeddings-sink");
    pipeline.progress().sinkTo(KafkaPublishing.progressSink(publish)).name("progress-sink").uid("progress-sink")
        .setParallelism(1);
    pipeline.deadLetters().sinkTo(KafkaPublishing.deadLetterSink(publish)).name("dead-letter-sink")
        .uid("dead-letter-sink");
    pipeline.modelVersions().sinkTo(KafkaPublishing.modelVersionSink(publish)).name("model-version-sink")
        .uid("model-version-sink").setParallelism(1);
  }
}
