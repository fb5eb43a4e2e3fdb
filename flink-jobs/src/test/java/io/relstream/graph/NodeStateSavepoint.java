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
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes the graph state that the graph stages would hold after a change stream into a savepoint,
 * so that a job started from it skips the stream. It does not run the graph or sampling operators.
 * The changes pass through the job's own event-time resolution and router, and a bootstrap function
 * applies each node's updates with {@link NodeStore}, as the seed and hop operators do, under the
 * same operator uids. So the state descriptors, serializers and history bounds are the operators'
 * own. The event-time operator gets each time-carrying row's event time.
 *
 * <p>NOTE: changes that are still waiting for their parent's event time at the end of the stream
 * are left out, and so is the re-embedding timer state, and the examples in flight. A stream whose
 * rows reference only rows before them, with re-embedding off, leaves none of these.
 */
public final class NodeStateSavepoint {

  private NodeStateSavepoint() {}

  /**
   * Adds the writing of the savepoint to {@code env}, an environment without checkpointing; the caller
   * runs {@code env.execute}. It sets the environment's default parallelism to the graph parallelism
   * of {@code settings}, because the bootstrap operators take the default, and writes the job's
   * default maximum parallelism for it, so that a job with the same settings can start from the
   * savepoint.
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
        .newSavepoint(env, new EmbeddedRocksDBStateBackend(),
            KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism))
        .withOperator(OperatorIdentifier.forUid(GraphStages.EVENT_TIME_UID), eventTimes(changes, schema))
        .withOperator(OperatorIdentifier.forUid(GraphStages.NODE_STATE_UID), nodeState(updates, sampling, 0));
    for (int hop = 1; hop <= sampling.hops(); hop++) {
      writer = writer.withOperator(OperatorIdentifier.forUid(SamplingStages.hopUid(hop)),
          nodeState(updates, sampling, hop));
    }
    writer.write(path);
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

  /** Applies each node's updates to its state as the operator of hop {@code hop} (0: the seeds') does. */
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
      store = new NodeStore(getRuntimeContext(), sampling.bounds(), sampling.fanOutAt(hop), sampling.cacheEntries());
    }

    @Override
    public void processElement(GraphUpdate update, Context context) throws Exception {
      store.apply(update);
    }
  }

  /** Keeps the event time of each row that has its own, as the event-time operator does. */
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
