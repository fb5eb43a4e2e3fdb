package io.relstream.graph;

import io.relstream.example.EventTime;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.sampling.ParentRequest;
import io.relstream.sampling.PartialExample;
import io.relstream.sampling.RowVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the graph: keyed by node id, one {@link NodeState} per row. A change of the node's own row
 * makes the node a seed: it emits the partial example (row and sampled children as of the seed time)
 * and one parent request per outgoing edge. Every message costs one state read and one write.
 */
public final class NodeGraphFunction extends KeyedProcessFunction<String, GraphUpdate, PartialExample> {
  private static final long serialVersionUID = 1L;

  private final int childrenPerTable;
  private transient ValueState<NodeState> state;
  private transient Counter seeds;

  public NodeGraphFunction(int childrenPerTable) {
    this.childrenPerTable = childrenPerTable;
  }

  @Override
  public void open(Configuration parameters) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("node", NodeState.class));
    seeds = getRuntimeContext().getMetricGroup().counter("seeds");
  }

  @Override
  public void processElement(GraphUpdate update, Context context, Collector<PartialExample> out) throws Exception {
    NodeState node = state.value();
    if (node == null) {
      node = new NodeState();
    }
    switch (update.kind()) {
      case UPSERT -> upsert(node, update, context, out);
      case DELETE -> delete(node, update, context);
      case CHILD_UPSERT -> childUpsert(node, update);
      case CHILD_REMOVE -> node.removeChild(NodeKeys.tableOf(update.child()), update.child());
    }
    if (node.isEmpty()) {
      state.clear();
    } else {
      state.update(node);
    }
  }

  private void upsert(NodeState node, GraphUpdate update, Context context, Collector<PartialExample> out) {
    node.values = update.values();
    node.eventTime = update.eventTimeMillis();
    node.commitTime = update.commitTimeMillis();
    node.parents = new LinkedHashMap<>(update.parents());
    node.version++;
    String id = context.getCurrentKey();
    context.output(GraphOutputs.ROW_VERSIONS, new RowVersion(id, node.values, node.eventTime));
    context.output(GraphOutputs.NODE_SUMMARIES,
        new NodeSummary(id, node.parents.size(), new TreeMap<>(node.inDegree), node.version));
    emitSeed(node, id, context, out);
  }

  private void emitSeed(NodeState node, String id, Context context, Collector<PartialExample> out) {
    // A row without an event time of its own is described as of its commit.
    long seedTime = node.eventTime == EventTime.TIMELESS ? node.commitTime : node.eventTime;
    String table = NodeKeys.tableOf(id);
    String key = NodeKeys.keyPartOf(id);
    // The commit time keeps ids unique when a node's state is cleared and its version starts again.
    String exampleId = id + "#" + node.version + "@" + node.commitTime;
    ExampleRow seed = new ExampleRow(table, key, RowRole.SEED, 0, node.eventTime, node.values);
    List<String> parents = new ArrayList<>(node.parents.values());
    for (String parent : parents) {
      context.output(GraphOutputs.PARENT_REQUESTS, new ParentRequest(exampleId, parent, seedTime));
    }
    seeds.inc();
    out.collect(new PartialExample(
        exampleId, table, key, seedTime, node.commitTime, seed, visibleChildren(node, seedTime), parents));
  }

  private static List<ExampleRow> visibleChildren(NodeState node, long seedTime) {
    List<ExampleRow> rows = new ArrayList<>();
    for (Map.Entry<String, List<ChildEntry>> table : new TreeMap<>(node.children).entrySet()) {
      for (ChildEntry child : table.getValue()) {
        if (EventTime.visibleAt(child.eventTime, seedTime)) {
          rows.add(new ExampleRow(table.getKey(), NodeKeys.keyPartOf(child.node), RowRole.CHILD, 1,
              child.eventTime, child.values));
        }
      }
    }
    return rows;
  }

  private void delete(NodeState node, GraphUpdate update, Context context) {
    String id = context.getCurrentKey();
    node.values = null;
    node.parents.clear();
    node.version++;
    context.output(GraphOutputs.ROW_VERSIONS, new RowVersion(id, null, update.eventTimeMillis()));
    context.output(GraphOutputs.DELETIONS,
        new Deletion(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), update.commitTimeMillis()));
  }

  private void childUpsert(NodeState node, GraphUpdate update) {
    String childTable = NodeKeys.tableOf(update.child());
    if (update.newEdge()) {
      node.countNewChild(childTable);
    }
    node.sampleChild(childTable, new ChildEntry(update.child(), update.eventTimeMillis(), update.values()), childrenPerTable);
  }
}
