package io.relstream.graph;

import io.relstream.example.EventTime;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.sampling.ExamplePaths;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.Expansion;
import io.relstream.sampling.HopRequest;
import io.relstream.sampling.SamplingConfig;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the graph, keyed by node id, and starts an example for every change of a node's own row.
 * The node state ({@link NodeStore}) contains the row's version history and, per child table, the
 * exact child count with the most recent children. An upsert makes the node a seed: the operator
 * emits the seed row as the example's first piece and requests the seed's parents and most recent
 * children (up to {@code sampling.first-fan-out} per child table, none newer than the seed time)
 * from the first hop's operator.
 */
public final class NodeGraphFunction extends KeyedProcessFunction<String, GraphUpdate, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  /** An example's whole credit; the assembler emits the example once all of it has returned. */
  public static final long FULL_CREDIT = 1L << 62;

  private final SamplingConfig config;
  private transient NodeStore store;
  private transient Counter seeds;

  public NodeGraphFunction(SamplingConfig config) {
    this.config = config;
  }

  @Override
  public void open(Configuration parameters) {
    store = new NodeStore(getRuntimeContext(), config.bounds(), config.fanOutAt(0));
    seeds = getRuntimeContext().getMetricGroup().counter("seeds");
  }

  @Override
  public void processElement(GraphUpdate update, Context context, Collector<ExamplePiece> out) throws Exception {
    NodeRow node = store.apply(update);
    String id = context.getCurrentKey();
    if (update.kind() == GraphUpdate.Kind.UPSERT) {
      Map<String, ChildSample> samples = store.samples();
      RowVersion latest = node.latest();
      context.output(GraphOutputs.NODE_SUMMARIES,
          new NodeSummary(id, latest.parents.size(), counts(samples), node.version));
      emitSeed(id, node, samples, context, out);
    } else if (update.kind() == GraphUpdate.Kind.DELETE) {
      context.output(GraphOutputs.DELETIONS,
          new Deletion(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), update.commitTimeMillis()));
    }
  }

  private void emitSeed(String id, NodeRow node, Map<String, ChildSample> samples, Context context,
      Collector<ExamplePiece> out) {
    RowVersion latest = node.latest();
    // A row without an event time of its own is described as of its commit.
    long seedTime = latest.eventTime == EventTime.TIMELESS ? latest.commitTime : latest.eventTime;
    // The commit time keeps ids unique when a node's state is cleared and its version starts again.
    String exampleId = id + "#" + node.version + "@" + latest.commitTime;
    ExampleRow seed = new ExampleRow(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), RowRole.SEED, 0,
        latest.eventTime, latest.values);
    Expansion.Result next = Expansion.plan(exampleId, id, 0, ExamplePaths.SEED,
        store.neighbours(latest, samples, seedTime, null), seedTime, latest.commitTime,
        config.maxRows() - 1, FULL_CREDIT);
    for (HopRequest request : next.requests()) {
      context.output(GraphOutputs.HOP_REQUESTS, request);
    }
    seeds.inc();
    out.collect(new ExamplePiece(exampleId, ExamplePaths.SEED, seed, seedTime, latest.commitTime,
        next.leftoverCredit()));
  }

  private static Map<String, Long> counts(Map<String, ChildSample> samples) {
    Map<String, Long> counts = new TreeMap<>();
    samples.forEach((table, sample) -> {
      if (sample.count > 0) {
        counts.put(table, sample.count);
      }
    });
    return counts;
  }
}
