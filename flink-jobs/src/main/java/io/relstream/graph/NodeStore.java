package io.relstream.graph;

import io.relstream.example.RowRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;

/**
 * One operator's copy of the graph's node state, keyed by node id: the row's version history
 * ({@link NodeRow}) and, when the operator samples children, one {@link ChildSample} per child
 * table. Every graph update reads and writes at most one row value and one child table's sample, so
 * its cost does not grow with the number of rows that reference the node. The counter
 * {@code graphStateAccesses} counts the state reads and writes, and the gauge
 * {@code maxStateAccessesPerUpdate} shows the most any single update took.
 */
public final class NodeStore {
  private final HistoryBounds bounds;
  private final int fanOut;
  private final ValueState<NodeRow> row;
  private final MapState<String, ChildSample> children;
  private final Counter accesses;
  private final Counter incompleteSamples;
  private long updateAccesses;
  private long maxUpdateAccesses;

  /**
   * Opens the state.
   *
   * @param fanOut children per child table this operator selects, or 0 when it keeps no children
   */
  public NodeStore(RuntimeContext context, HistoryBounds bounds, int fanOut) {
    this.bounds = bounds;
    this.fanOut = fanOut;
    row = context.getState(new ValueStateDescriptor<>("row", NodeRow.class));
    children = fanOut > 0
        ? context.getMapState(new MapStateDescriptor<>("children", String.class, ChildSample.class))
        : null;
    accesses = context.getMetricGroup().counter("graphStateAccesses");
    incompleteSamples = context.getMetricGroup().counter("childSamplesIncomplete");
    context.getMetricGroup().gauge("maxStateAccessesPerUpdate", () -> maxUpdateAccesses);
  }

  /** Applies an update to the current key's state; returns the node's row after an upsert, else null. */
  public NodeRow apply(GraphUpdate update) throws Exception {
    updateAccesses = 0;
    NodeRow result = switch (update.kind()) {
      case UPSERT -> upsert(update);
      case DELETE -> {
        delete();
        yield null;
      }
      case CHILD_UPSERT -> {
        childUpsert(update);
        yield null;
      }
      case CHILD_REMOVE -> {
        childRemove(update);
        yield null;
      }
    };
    maxUpdateAccesses = Math.max(maxUpdateAccesses, updateAccesses);
    return result;
  }

  /** Returns the current key's row, or null when the node has none. */
  public NodeRow row() throws Exception {
    count(1);
    return row.value();
  }

  private NodeRow upsert(GraphUpdate update) throws Exception {
    NodeRow node = row();
    if (node == null) {
      node = new NodeRow();
    }
    node.add(new RowVersion(update.values(), update.eventTimeMillis(), update.commitTimeMillis(), update.parents()),
        bounds);
    node.version++;
    write(node);
    return node;
  }

  private void delete() throws Exception {
    NodeRow node = row();
    if (node == null) {
      return;
    }
    node.delete();
    if (children != null && hasChildren()) {
      // Children still reference the row; keep the version so that example ids stay unique.
      write(node);
    } else {
      count(1);
      row.clear();
    }
  }

  private boolean hasChildren() throws Exception {
    count(1);
    return !children.isEmpty();
  }

  private void write(NodeRow node) throws Exception {
    count(1);
    row.update(node);
  }

  private void childUpsert(GraphUpdate update) throws Exception {
    if (children == null) {
      return;
    }
    String childTable = NodeKeys.tableOf(update.child());
    count(2);
    ChildSample sample = children.get(childTable);
    if (sample == null) {
      sample = new ChildSample();
    }
    if (update.newEdge()) {
      sample.count++;
    }
    sample.add(new ChildEntry(update.child(), update.eventTimeMillis()), fanOut, bounds);
    children.put(childTable, sample);
  }

  private void childRemove(GraphUpdate update) throws Exception {
    if (children == null) {
      return;
    }
    String childTable = NodeKeys.tableOf(update.child());
    count(2);
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
    NodeRow node = row();
    if (node != null && !node.exists() && !hasChildren()) {
      count(1);
      row.clear(); // A deleted row whose last child left: nothing of the node remains.
    }
  }

  /** Returns the child samples by table name, in name order, so that examples are deterministic. */
  public Map<String, ChildSample> samples() throws Exception {
    Map<String, ChildSample> samples = new TreeMap<>();
    if (children == null) {
      return samples;
    }
    for (Map.Entry<String, ChildSample> entry : children.entries()) {
      count(1);
      samples.put(entry.getKey(), entry.getValue());
    }
    return samples;
  }

  /**
   * Returns the nodes a walk steps to from the current key's row version as of a time: the parents
   * in foreign-key order, then up to the fan-out most recent children of each child table at or
   * before the time, taken in turns across the tables (each table's most recent, then each
   * table's second, and so on) so that a cut list keeps every table. The node the walk came from
   * is left out.
   */
  public List<Neighbour> neighbours(RowVersion version, Map<String, ChildSample> samples, long time, String via) {
    List<Neighbour> next = new ArrayList<>();
    for (String parent : version.parents.values()) {
      if (!parent.equals(via)) {
        next.add(new Neighbour(parent, RowRole.PARENT));
      }
    }
    List<List<ChildEntry>> selections = new ArrayList<>();
    for (ChildSample sample : samples.values()) {
      List<ChildEntry> selected = sample.select(time, fanOut, via);
      if (sample.truncated && selected.size() < fanOut) {
        incompleteSamples.inc();
      }
      selections.add(selected);
    }
    for (int rank = 0; rank < fanOut; rank++) {
      for (List<ChildEntry> selected : selections) {
        if (rank < selected.size()) {
          next.add(new Neighbour(selected.get(rank).node, RowRole.CHILD));
        }
      }
    }
    return next;
  }

  private void count(int stateAccesses) {
    accesses.inc(stateAccesses);
    updateAccesses += stateAccesses;
  }
}
