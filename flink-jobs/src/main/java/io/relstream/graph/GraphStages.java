package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.reembed.ReembedSettings;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.SamplingConfig;
import io.relstream.schema.DatabaseSchema;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the graph stages: event-time resolution, routing to nodes, and the seeds' keyed node state. */
public final class GraphStages {
  /** Uid of the event-time operator, which keeps each time-carrying node's event time. */
  public static final String EVENT_TIME_UID = "event-time";
  /** Uid of the operator that keeps the seeds' copy of the node state. */
  public static final String NODE_STATE_UID = "graph-state";

  private GraphStages() {}

  /**
   * The graph's outputs.
   *
   * @param seeds the graph operator's seed pieces; its side outputs are in {@link GraphOutputs}
   * @param updates the router's messages to nodes, which the hop operators that keep children read for their copy of
   *     the node state
   * @param rowUpdates the router's messages about nodes' own rows only, for the hop operator that keeps no children
   * @param deadLetters changes the router could not use
   */
  public record GraphStreams(
      SingleOutputStreamOperator<ExamplePiece> seeds, DataStream<GraphUpdate> updates, DataStream<GraphUpdate> rowUpdates,
      DataStream<DeadLetter> deadLetters) {}

  /** Builds the graph stages over a change stream. */
  public static GraphStreams build(
      DataStream<RowChange> changes, DatabaseSchema schema, SamplingConfig sampling, ReembedSettings reembed,
      Duration timeResolutionTimeout, int parallelism) {
    SingleOutputStreamOperator<TimedChange> timed = changes
        .keyBy(new TimeKeySelector(schema))
        .process(new EventTimeResolver(schema, timeResolutionTimeout))
        .name("event-time")
        .uid(EVENT_TIME_UID)
        .setParallelism(parallelism);
    SingleOutputStreamOperator<GraphUpdate> updates = timed
        .process(new GraphRouter(schema, GraphOutputs.DEAD_LETTERS))
        .name("graph-router")
        .uid("graph-router")
        .setParallelism(parallelism);
    SingleOutputStreamOperator<ExamplePiece> seeds = updates
        .keyBy(GraphUpdate::target)
        .transform("graph-state", TypeInformation.of(ExamplePiece.class),
            new NodeGraphOperator(new NodeGraphFunction(sampling, reembed)))
        .uid(NODE_STATE_UID)
        .setParallelism(parallelism);
    return new GraphStreams(seeds, updates, updates.getSideOutput(GraphOutputs.ROW_UPDATES),
        updates.getSideOutput(GraphOutputs.DEAD_LETTERS));
  }
}
