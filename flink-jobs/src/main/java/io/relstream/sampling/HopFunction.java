package io.relstream.sampling;

import io.relstream.example.ExampleRow;
import io.relstream.graph.ChildSample;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.GraphUpdate;
import io.relstream.graph.NodeKeys;
import io.relstream.graph.NodeRow;
import io.relstream.graph.NodeStore;
import io.relstream.graph.RowVersion;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;

/**
 * Serves one hop of the examples' walks. Keyed by node id, it keeps its own copy of the graph's node
 * state from the router's updates (first input). Keyed state is local to its operator, and a loop
 * back to an earlier operator would give the job graph a cycle. For each request (second
 * input) it returns the node's row as of the seed time to the assembler and, below the last hop,
 * requests the node's parents and most recent children from the next hop's operator. At the hop
 * before the last, a child whose values the node's sample keeps goes to the assembler from here.
 *
 * <p>Metrics: {@code rowsMissing} (no row at the node), {@code rowsNotYetExisting} (no version at or
 * before the seed time), {@code rowsBeyondHistory} (the version as of the seed time was dropped by
 * the history bounds; the row is left out), {@code rowsFromChildSamples} (children added from this
 * node's child sample without a request).
 */
public final class HopFunction extends KeyedCoProcessFunction<String, GraphUpdate, HopRequest, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  private final int hop;
  private final SamplingConfig config;
  private transient NodeStore store;
  private transient Counter missing;
  private transient Counter notYetExisting;
  private transient Counter beyondHistory;
  private transient Counter fromChildSamples;
  private transient KeyContext deferredWrites;

  public HopFunction(int hop, SamplingConfig config) {
    this.hop = hop;
    this.config = config;
  }

  /** Makes the node store write-behind; the operator calls this before {@link #open}. */
  void deferStateWrites(KeyContext keys) {
    this.deferredWrites = keys;
  }

  /** Returns whether this hop keeps child samples, which every hop below the last one does. */
  boolean keepsChildSamples() {
    return config.fanOutAt(hop) > 0;
  }

  /** Writes the node store's deferred changes to state. It leaves the current key changed. */
  void storeChanged() throws Exception {
    store.storeChanged();
  }

  @Override
  public void open(Configuration parameters) {
    store = new NodeStore(getRuntimeContext(), config.bounds(), config.fanOutAt(hop), config.cacheEntries(),
        deferredWrites, config.childlessTables(), config.keepsChildValuesAt(hop));
    missing = getRuntimeContext().getMetricGroup().counter("rowsMissing");
    notYetExisting = getRuntimeContext().getMetricGroup().counter("rowsNotYetExisting");
    beyondHistory = getRuntimeContext().getMetricGroup().counter("rowsBeyondHistory");
    fromChildSamples = getRuntimeContext().getMetricGroup().counter("rowsFromChildSamples");
  }

  @Override
  public void processElement1(GraphUpdate update, Context context, Collector<ExamplePiece> out) throws Exception {
    store.apply(update);
  }

  @Override
  public void processElement2(HopRequest request, Context context, Collector<ExamplePiece> out) throws Exception {
    RowVersion version = versionAsOf(store.row(request.node()), request.seedTimeMillis());
    if (version == null) {
      out.collect(new ExamplePiece(request.exampleId(), request.path(), null, request.seedTimeMillis(),
          request.commitTimeMillis(), request.credit()));
      return;
    }
    ExampleRow row = new ExampleRow(NodeKeys.tableOf(request.node()), NodeKeys.keyPartOf(request.node()),
        request.role(), hop, version.eventTime, version.values, request.via());
    long leftover = request.credit();
    if (hop < config.hops()) {
      Map<String, ChildSample> samples = store.samples(request.node());
      Expansion.Result next = Expansion.plan(request.exampleId(), request.node(), hop, request.path(),
          store.neighbours(version, samples, request.seedTimeMillis(), request.via()),
          request.seedTimeMillis(), request.commitTimeMillis(), request.budget(), request.credit());
      emit(next.requests(), context);
      next.pieces().forEach(out::collect);
      fromChildSamples.inc(next.pieces().size());
      leftover = next.leftoverCredit();
    }
    out.collect(new ExamplePiece(request.exampleId(), request.path(), row, request.seedTimeMillis(),
        request.commitTimeMillis(), leftover));
  }

  private RowVersion versionAsOf(NodeRow node, long seedTime) {
    if (node == null || !node.exists()) {
      missing.inc();
      return null;
    }
    RowVersion version = node.asOf(seedTime);
    if (version == null && node.beyondHistory(seedTime)) {
      beyondHistory.inc();
    } else if (version == null) {
      notYetExisting.inc();
    }
    return version;
  }

  private static void emit(List<HopRequest> requests, Context context) {
    for (HopRequest request : requests) {
      context.output(GraphOutputs.HOP_REQUESTS, request);
    }
  }
}
