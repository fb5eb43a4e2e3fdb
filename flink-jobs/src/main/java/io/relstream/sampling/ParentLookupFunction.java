package io.relstream.sampling;

import io.relstream.example.EventTime;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.graph.NodeKeys;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Serves parent rows to examples. Keyed by node id, it keeps a copy of each row's latest version.
 * The copy is needed because keyed state is local to its operator, and a loop back to the graph
 * operator would give the job graph a cycle. One request costs one state read.
 */
public final class ParentLookupFunction extends KeyedCoProcessFunction<String, RowVersion, ParentRequest, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  private transient ValueState<RowVersion> latest;
  private transient Counter missing;
  private transient Counter newerThanSeed;

  @Override
  public void open(Configuration parameters) {
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("row", RowVersion.class));
    missing = getRuntimeContext().getMetricGroup().counter("parentsMissing");
    newerThanSeed = getRuntimeContext().getMetricGroup().counter("parentsNewerThanSeed");
  }

  @Override
  public void processElement1(RowVersion version, Context context, Collector<ExamplePiece> out) throws Exception {
    if (version.values() == null) {
      latest.clear();
    } else {
      latest.update(version);
    }
  }

  @Override
  public void processElement2(ParentRequest request, Context context, Collector<ExamplePiece> out) throws Exception {
    RowVersion row = latest.value();
    if (row == null) {
      missing.inc();
      out.collect(new ExamplePiece(request.exampleId(), request.parent(), null));
      return;
    }
    if (!EventTime.visibleAt(row.eventTimeMillis(), request.seedTimeMillis())) {
      // NOTE: only the latest version is kept, so a parent updated after the seed time is left out
      // rather than shown as it was then.
      newerThanSeed.inc();
      out.collect(new ExamplePiece(request.exampleId(), request.parent(), null));
      return;
    }
    ExampleRow parent = new ExampleRow(NodeKeys.tableOf(row.node()), NodeKeys.keyPartOf(row.node()),
        RowRole.PARENT, 1, row.eventTimeMillis(), row.values());
    out.collect(new ExamplePiece(request.exampleId(), request.parent(), parent));
  }
}
