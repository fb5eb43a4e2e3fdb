package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.job.JobSettings;
import io.relstream.sampling.SamplingConfig;
import io.relstream.sampling.SamplingStages;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes the graph state that the graph stages would hold after a change stream into a savepoint
 * with Flink's State Processor API, so that a job started from the savepoint skips the stream and
 * its examples. The changes pass through the job's own event-time resolution and router. A
 * bootstrap function per seed and hop operator applies each node's updates with {@link NodeStore},
 * under that operator's uid, so the state descriptors, serializers and history bounds are the
 * operators' own. The event-time operator's state gets each time-carrying row's event time.
 *
 * <p>NOTE: the savepoint leaves out changes still waiting for their parent's event time at the end
 * of the stream, re-embedding timers and examples in flight. A stream whose rows reference only
 * earlier rows, with re-embedding off, has none of these.
 */
public final class NodeStateSavepoint {
  /**
   * Heap cache entries per bootstrap function. Between two children of the same parent, a stream of
   * random references touches about 2 × (parents) other nodes. A cache this size therefore keeps
   * most parents of a graph with 1,000,000 parents and spares their child samples a RocksDB seek. At
   * 10,000,000 nodes the heap in use after collections reached 8.5 to 9.3 GB (GC log), so such a
   * run needs a larger heap than the measured job's, 10 GB there.
   */
  private static final int BOOTSTRAP_CACHE_ENTRIES = 3_000_000;

  private NodeStateSavepoint() {}

  /**
   * Adds the writing of the savepoint to {@code env}, an environment without checkpointing, and the
   * caller runs {@code env.execute}. The method sets the environment's default parallelism to the
   * graph parallelism of {@code settings}, because the bootstrap operators take the default. It
   * writes the default maximum parallelism for that parallelism, so that a job with the same
   * settings can start from the savepoint.
   *
   * <p>NOTE: in one run with bootstrap functions at parallelism 2 and the router at 1, the savepoint
   * had state files for only three of the four operators. The cause was not found, and every
   * checked run had one parallelism throughout.
   */
  public static void write(StreamExecutionEnvironment env, DataStream<RowChange> changes, DatabaseSchema schema,
      JobSettings settings, String path) {
    int parallelism = settings.graphParallelism();
    env.setParallelism(parallelism);
    DataStream<GraphUpdate> updates = changes
        .keyBy(new TimeKeySelector(schema))
        .process(new EventTimeResolver(schema, settings.timeResolutionTimeout()))
        .setParallelism(parallelism)
        .process(new GraphRouter(schema, GraphOutputs.DEAD_LETTERS))
        .setParallelism(parallelism);

    SamplingConfig sampling = settings.sampling();
    SavepointWriter writer = SavepointWriter
        .newSavepoint(env, bootstrapBackend(), KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism))
        .withOperator(OperatorIdentifier.forUid(GraphStages.EVENT_TIME_UID), eventTimes(changes, schema))
        .withOperator(OperatorIdentifier.forUid(GraphStages.NODE_STATE_UID), nodeState(updates, sampling, 0));
    for (int hop = 1; hop <= sampling.hops(); hop++) {
      writer = writer.withOperator(OperatorIdentifier.forUid(SamplingStages.hopUid(hop)),
          nodeState(updates, sampling, hop));
    }
    writer.write(path);
  }

  /**
   * Returns the RocksDB backend that contains the state while it is written. Profiles with perf at 1 and
   * 10 million nodes showed the time in RocksDB reading index, filter and data blocks back from the
   * files and decompressing them, because the block cache was small. So this backend keeps index and
   * filter blocks with its table readers (no managed memory), has a larger block cache, does not
   * compress, and uses bloom filters, which let the first look-up of a new node skip files. None of
   * these options travels with the savepoint.
   */
  private static EmbeddedRocksDBStateBackend bootstrapBackend() {
    Configuration options = new Configuration();
    options.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
    options.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    options.set(RocksDBConfigurableOptions.BLOCK_CACHE_SIZE, MemorySize.ofMebiBytes(256));
    options.setString(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL.key(), "NO_COMPRESSION");
    return new EmbeddedRocksDBStateBackend().configure(options, NodeStateSavepoint.class.getClassLoader());
  }

  private static StateBootstrapTransformation<RowChange> eventTimes(DataStream<RowChange> changes,
      DatabaseSchema schema) {
    return OperatorTransformation.bootstrapWith(changes)
        .keyBy(new TimeKeySelector(schema), Types.STRING)
        .transform(new EventTimeBootstrap(schema));
  }

  private static StateBootstrapTransformation<GraphUpdate> nodeState(DataStream<GraphUpdate> updates,
      SamplingConfig sampling, int hop) {
    return OperatorTransformation.bootstrapWith(updates)
        .keyBy(GraphUpdate::target, Types.STRING)
        .transform(new NodeStateBootstrap(sampling, hop));
  }

  /** Bootstrap function that applies each node's updates as the operator of a hop does (hop 0: the seed operator). */
  private static final class NodeStateBootstrap extends KeyedStateBootstrapFunction<String, GraphUpdate> {
    private static final long serialVersionUID = 1L;
    private final SamplingConfig sampling;
    private final int hop;
    private transient NodeStore store;

    NodeStateBootstrap(SamplingConfig sampling, int hop) {
      this.sampling = sampling;
      this.hop = hop;
    }

    @Override
    public void open(Configuration parameters) {
      store = new NodeStore(getRuntimeContext(), sampling.bounds(), sampling.fanOutAt(hop), BOOTSTRAP_CACHE_ENTRIES,
          null, sampling.childlessTables(), sampling.keepsChildValuesAt(hop));
    }

    @Override
    public void processElement(GraphUpdate update, Context context) throws Exception {
      store.apply(update);
    }
  }

  /** Bootstrap function that stores the event time of each row with a time column, as the event-time operator does. */
  private static final class EventTimeBootstrap extends KeyedStateBootstrapFunction<String, RowChange> {
    private static final long serialVersionUID = 1L;
    private final DatabaseSchema schema;
    private transient ValueState<Long> nodeTime;

    EventTimeBootstrap(DatabaseSchema schema) {
      this.schema = schema;
    }

    @Override
    public void open(Configuration parameters) {
      nodeTime = getRuntimeContext().getState(EventTimeResolver.nodeTimeDescriptor());
    }

    @Override
    public void processElement(RowChange change, Context context) throws Exception {
      if (TimeKeySelector.UNUSABLE_KEY.equals(context.getCurrentKey()) || change.kind() == RowChange.Kind.DELETE) {
        return;
      }
      TableSchema table = schema.table(change.table());
      if (table.timeColumn() != null) {
        nodeTime.update(EventTimeResolver.ownTime(table, change));
      }
    }
  }
}
