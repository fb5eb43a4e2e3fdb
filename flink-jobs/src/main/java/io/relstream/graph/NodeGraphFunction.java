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
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the graph, keyed by node id: the node's row and outgoing edges ({@link NodeRow}) and, per
 * child table, the exact child count with the K most recent children ({@link ChildSample}). A change
 * of the node's own row makes the node a seed: it emits the partial example (row and sampled
 * children as of the seed time) and one parent request per outgoing edge. A child's message reads
 * and writes only its own table's sample, so its cost does not grow with the node's other tables.
 */
public final class NodeGraphFunction extends KeyedProcessFunction<String, GraphUpdate, PartialExample> {
  private static final long serialVersionUID = 1L;

  private final int childrenPerTable;
  private transient ValueState<NodeRow> row;
  private transient MapState<String, ChildSample> children;
  private transient Counter seeds;

  public NodeGraphFunction(int childrenPerTable) {
    this.childrenPerTable = childrenPerTable;
  }

  @Override
  public void open(Configuration parameters) {
    row = getRuntimeContext().getState(new ValueStateDescriptor<>("row", NodeRow.class));
    children = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("children", String.class, ChildSample.class));
    seeds = getRuntimeContext().getMetricGroup().counter("seeds");
  }

  @Override
  public void processElement(GraphUpdate update, Context context, Collector<PartialExample> out) throws Exception {
    switch (update.kind()) {
      case UPSERT -> upsert(update, context, out);
      case DELETE -> delete(update, context);
      case CHILD_UPSERT -> childUpsert(update);
      case CHILD_REMOVE -> childRemove(update);
    }
  }

  private void upsert(GraphUpdate update, Context context, Collector<PartialExample> out) throws Exception {
    NodeRow node = row.value();
    if (node == null) {
      node = new NodeRow();
    }
    node.values = update.values();
    node.eventTime = update.eventTimeMillis();
    node.commitTime = update.commitTimeMillis();
    node.parents = new LinkedHashMap<>(update.parents());
    node.version++;
    row.update(node);
    String id = context.getCurrentKey();
    Map<String, ChildSample> samples = samples();
    context.output(GraphOutputs.ROW_VERSIONS, new RowVersion(id, node.values, node.eventTime));
    context.output(GraphOutputs.NODE_SUMMARIES, new NodeSummary(id, node.parents.size(), counts(samples), node.version));
    emitSeed(node, id, samples, context, out);
  }

  private void emitSeed(NodeRow node, String id, Map<String, ChildSample> samples, Context context,
      Collector<PartialExample> out) {
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
        exampleId, table, key, seedTime, node.commitTime, seed, visibleChildren(samples, seedTime), parents));
  }

  private static List<ExampleRow> visibleChildren(Map<String, ChildSample> samples, long seedTime) {
    List<ExampleRow> rows = new ArrayList<>();
    for (Map.Entry<String, ChildSample> table : samples.entrySet()) {
      for (ChildEntry child : table.getValue().entries) {
        if (EventTime.visibleAt(child.eventTime, seedTime)) {
          rows.add(new ExampleRow(table.getKey(), NodeKeys.keyPartOf(child.node), RowRole.CHILD, 1,
              child.eventTime, child.values));
        }
      }
    }
    return rows;
  }

  /** Returns the child samples by table name, in name order, so that examples are deterministic. */
  private Map<String, ChildSample> samples() throws Exception {
    Map<String, ChildSample> samples = new TreeMap<>();
    for (Map.Entry<String, ChildSample> entry : children.entries()) {
      samples.put(entry.getKey(), entry.getValue());
    }
    return samples;
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

  private void delete(GraphUpdate update, Context context) throws Exception {
    String id = context.getCurrentKey();
    NodeRow node = row.value();
    if (node != null && !children.isEmpty()) {
      // Children still reference the row; keep the version so that example ids stay unique.
      node.values = null;
      node.parents.clear();
      node.version++;
      row.update(node);
    } else {
      row.clear();
    }
    context.output(GraphOutputs.ROW_VERSIONS, new RowVersion(id, null, update.eventTimeMillis()));
    context.output(GraphOutputs.DELETIONS,
        new Deletion(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), update.commitTimeMillis()));
  }

  private void childUpsert(GraphUpdate update) throws Exception {
    String childTable = NodeKeys.tableOf(update.child());
    ChildSample sample = children.get(childTable);
    if (sample == null) {
      sample = new ChildSample();
    }
    if (update.newEdge()) {
      sample.count++;
    }
    sample.add(new ChildEntry(update.child(), update.eventTimeMillis(), update.values()), childrenPerTable);
    children.put(childTable, sample);
  }

  private void childRemove(GraphUpdate update) throws Exception {
    String childTable = NodeKeys.tableOf(update.child());
    ChildSample sample = children.get(childTable);
    if (sample == null) {
      return;
    }
    sample.remove(update.child());
    if (sample.isEmpty()) {
      children.remove(childTable);
    } else {
      children.put(childTable, sample);
    }
    NodeRow node = row.value();
    if (node != null && node.values == null && children.isEmpty()) {
      row.clear(); // A deleted row whose last child left: nothing of the node remains.
    }
  }
}
