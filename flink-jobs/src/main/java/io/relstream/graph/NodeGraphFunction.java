package io.relstream.graph;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.reembed.ReembedQueue;
import io.relstream.reembed.ReembedScheduler;
import io.relstream.reembed.ReembedSettings;
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
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;

/**
 * Keeps the graph, keyed by node id, and starts an example for every change of a node's own row.
 * The node state ({@link NodeStore}) contains the row's version history and, per child table, the
 * exact child count with the most recent children. An upsert makes the node a seed: the operator
 * emits the seed row as the example's first piece and requests the seed's parents and most recent
 * children (up to {@code sampling.first-fan-out} per child table, none newer than the seed time)
 * from the first hop's operator.
 *
 * <p>With re-embedding enabled, a {@link ReembedScheduler} sends an entity's seed again when it has
 * not been sent for {@code reembed.stale-after}, so that its embedding follows newer models.
 */
public final class NodeGraphFunction extends KeyedProcessFunction<String, GraphUpdate, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  /** An example's whole credit; the assembler emits the example once all of it has returned. */
  public static final long FULL_CREDIT = 1L << 62;

  private final SamplingConfig config;
  private final ReembedSettings reembed;
  private transient NodeStore store;
  private transient Counter seeds;
  private transient Counter fromChildSamples;
  private transient ReembedScheduler reembeds;
  private transient KeyContext deferredWrites;
  private transient ReembedQueue reembedQueue;

  public NodeGraphFunction(SamplingConfig config) {
    this(config, ReembedSettings.off());
  }

  public NodeGraphFunction(SamplingConfig config, ReembedSettings reembed) {
    this.config = config;
    this.reembed = reembed;
  }

  /** Returns whether unchanged entities are sent for embedding again. */
  boolean reembeds() {
    return reembed.enabled();
  }

  /** Gives the function the operator's re-embedding queue. The operator calls this before {@link #open}. */
  void useReembedQueue(ReembedQueue queue) {
    this.reembedQueue = queue;
  }

  /** Makes the node store write-behind; the operator calls this before {@link #open}. */
  void deferStateWrites(KeyContext keys) {
    this.deferredWrites = keys;
  }

  /** Writes the node store's deferred changes to state. It leaves the current key changed. */
  void storeChanged() throws Exception {
    store.storeChanged();
  }

  @Override
  public void open(Configuration parameters) {
    store = new NodeStore(getRuntimeContext(), config.bounds(), config.fanOutAt(0), config.cacheEntries(),
        deferredWrites, config.childlessTables(), config.keepsChildValuesAt(0));
    seeds = getRuntimeContext().getMetricGroup().counter("seeds");
    fromChildSamples = getRuntimeContext().getMetricGroup().counter("rowsFromChildSamples");
    if (reembed.enabled() && reembedQueue == null) {
      throw new IllegalStateException("Re-embedding is enabled but the function has no queue: run it in NodeGraphOperator");
    }
    reembeds = reembed.enabled() ? new ReembedScheduler(getRuntimeContext(), reembed, reembedQueue) : null;
  }

  @Override
  public void processElement(GraphUpdate update, Context context, Collector<ExamplePiece> out) throws Exception {
    NodeRow node = store.apply(update);
    String id = context.getCurrentKey();
    if (update.kind() == GraphUpdate.Kind.UPSERT) {
      Map<String, ChildSample> samples = store.samples(id);
      RowVersion latest = node.latest();
      context.output(GraphOutputs.NODE_SUMMARIES,
          new NodeSummary(id, latest.parents.size(), counts(samples), node.version));
      emitSeed(id, node, samples, context, out, Example.NO_PREVIOUS_REQUEST);
      if (reembeds != null) {
        reembeds.requested(id, context.timerService().currentProcessingTime());
      }
    } else if (update.kind() == GraphUpdate.Kind.DELETE) {
      context.output(GraphOutputs.DELETIONS,
          new Deletion(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), update.commitTimeMillis()));
      if (reembeds != null) {
        reembeds.cancel();
      }
    }
  }

  /**
   * Sends the seed of an unchanged entity again when it is due. {@link NodeGraphOperator} calls this
   * for each entity that its re-embedding queue hands back. A checkpoint of an older version may
   * also restore one processing-time timer per entity. Those timers arrive here too and are handled
   * alike.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<ExamplePiece> out) throws Exception {
    if (reembeds == null) {
      return;
    }
    String id = context.getCurrentKey();
    long now = context.timerService().currentProcessingTime();
    long previousRequest = reembeds.onDue(id, now);
    if (previousRequest == ReembedScheduler.NOT_DUE) {
      return;
    }
    NodeRow node = store.row(id);
    if (node == null || node.versions.isEmpty()) {
      reembeds.cancel();
      return;
    }
    emitSeed(id, node, store.samples(id), context, out, previousRequest);
    reembeds.requested(id, now);
  }

  private void emitSeed(String id, NodeRow node, Map<String, ChildSample> samples, Context context,
      Collector<ExamplePiece> out, long previousRequest) {
    RowVersion latest = node.latest();
    // A row without an event time of its own is described as of its commit.
    long seedTime = latest.eventTime == EventTime.TIMELESS ? latest.commitTime : latest.eventTime;
    // The commit time keeps ids unique when a node's state is cleared and its version starts again,
    // and a re-embedding's previous request time keeps it apart from the change's example.
    String exampleId = id + "#" + node.version + "@" + latest.commitTime
        + (previousRequest == Example.NO_PREVIOUS_REQUEST ? "" : "/reembed@" + previousRequest);
    ExampleRow seed = new ExampleRow(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), RowRole.SEED, 0,
        latest.eventTime, latest.values);
    Expansion.Result next = Expansion.plan(exampleId, id, 0, ExamplePaths.SEED,
        store.neighbours(latest, samples, seedTime, null), seedTime, latest.commitTime,
        config.maxRows() - 1, FULL_CREDIT);
    for (HopRequest request : next.requests()) {
      context.output(GraphOutputs.HOP_REQUESTS, request);
    }
    next.pieces().forEach(out::collect);
    fromChildSamples.inc(next.pieces().size());
    seeds.inc();
    out.collect(new ExamplePiece(exampleId, ExamplePaths.SEED, seed, seedTime, latest.commitTime,
        next.leftoverCredit(), previousRequest));
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
