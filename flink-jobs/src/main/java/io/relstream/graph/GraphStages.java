package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.sampling.PartialExample;
import io.relstream.schema.DatabaseSchema;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the graph stages: event-time resolution, routing to nodes, and the keyed node state. */
public final class GraphStages {

  private GraphStages() {}

  /**
   * The graph's outputs.
   *
   * @param partials the graph operator's partial examples; its side outputs are in {@link GraphOutputs}
   * @param deadLetters changes the router could not use
   */
  public record GraphStreams(SingleOutputStreamOperator<PartialExample> partials, DataStream<DeadLetter> deadLetters) {}

  /** Builds the graph stages over a change stream. */
  public static GraphStreams build(
      DataStream<RowChange> changes, DatabaseSchema schema, int childrenPerTable, Duration timeResolutionTimeout,
      int parallelism) {
    SingleOutputStreamOperator<TimedChange> timed = changes
        .keyBy(new TimeKeySelector(schema))
        .process(new EventTimeResolver(schema, timeResolutionTimeout))
        .name("event-time")
        .uid("event-time")
        .setParallelism(parallelism);
    SingleOutputStreamOperator<GraphUpdate> updates = timed
        .process(new GraphRouter(schema, GraphOutputs.DEAD_LETTERS))
        .name("graph-router")
        .uid("graph-router")
        .setParallelism(parallelism);
    SingleOutputStreamOperator<PartialExample> partials = updates
        .keyBy(GraphUpdate::target)
        .process(new NodeGraphFunction(childrenPerTable))
        .name("graph-state")
        .uid("graph-state")
        .setParallelism(parallelism);
    return new GraphStreams(partials, updates.getSideOutput(GraphOutputs.DEAD_LETTERS));
  }
}
