package io.relstream.sampling;

import io.relstream.example.Example;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.GraphStages;
import io.relstream.graph.GraphUpdate;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the walk of every example: one keyed hop operator per hop, each fed by the router's updates
 * and by the requests of the operator before it, then the example assembler keyed by example id.
 * The job graph stays acyclic: requests only ever flow to the next hop. The last hop selects no
 * children, so it reads only the messages about nodes' own rows, which leave out the child messages
 * (most of the router's output).
 */
public final class SamplingStages {

  private SamplingStages() {}

  /** Returns the uid of the operator that serves the given hop, counted from 1. */
  public static String hopUid(int hop) {
    return "hop-" + hop;
  }

  /** Builds the hop operators and the assembler over the graph's streams. */
  public static DataStream<Example> build(
      GraphStages.GraphStreams graph, SamplingConfig config, Duration assemblyTimeout, int parallelism) {
    DataStream<ExamplePiece> pieces = graph.seeds();
    DataStream<HopRequest> requests = graph.seeds().getSideOutput(GraphOutputs.HOP_REQUESTS);
    for (int hop = 1; hop <= config.hops(); hop++) {
      DataStream<GraphUpdate> updates = config.fanOutAt(hop) > 0 ? graph.updates() : graph.rowUpdates();
      SingleOutputStreamOperator<ExamplePiece> served = updates
          .keyBy(GraphUpdate::target)
          .connect(requests.keyBy(HopRequest::node))
          .transform(hopUid(hop), TypeInformation.of(ExamplePiece.class), new HopOperator(new HopFunction(hop, config)))
          .uid(hopUid(hop))
          .setParallelism(parallelism);
      pieces = pieces.union(served);
      requests = served.getSideOutput(GraphOutputs.HOP_REQUESTS);
    }
    ExampleAssembler assembler = new ExampleAssembler(assemblyTimeout, config.maxRows(), config.cacheEntries());
    return pieces.keyBy(ExamplePiece::exampleId)
        .transform("example-assembler", ExampleSerializer.TYPE_INFO, new ExampleAssemblerOperator(assembler))
        .uid("example-assembler")
        .setParallelism(parallelism);
  }
}
