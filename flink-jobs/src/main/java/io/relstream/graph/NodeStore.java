package io.relstream.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * One operator's copy of the graph's node state, keyed by node id: the row's version history
 * ({@link NodeRow}) and, when the operator samples children, its child samples: one
 * {@link ChildSample} per child table, kept together as one value ({@link ChildSamplesSerializer}).
 * Every graph update reads and writes at most the row value and the samples value, each bounded by
 * the schema and the history bounds, so its cost does not grow with the number of rows that
 * reference the node. The counter {@code graphStateAccesses} counts the state reads and writes,
 * and the gauge {@code maxStateAccessesPerUpdate} shows the most any single update took.
 *
 * <p>A write-through {@link HeapCache} of recently used nodes ({@code graph.cache-entries} per
 * subtask) serves repeated reads of a node from the heap. Every write still goes to state, so state
 * stays the state of record: an evicted node is read back unchanged, and a restored operator starts with an
 * empty cache. A cached node keeps the objects that were written to state, so callers must not
 * change a returned row or sample except through this class. Reads from the cache are not counted
 * as state accesses.
 *
 * <p>With a key context from the operator ({@link NodeGraphOperator} and the hop operator), the cache is write-behind
 * instead: a node's changed row and child samples stay on the heap until {@link #storeChanged}
 * (before each checkpoint's barrier) or until the cache evicts the node, and then go to state
 * under the node's key. A node that changes many times between two checkpoints is then written
 * once, unless the cache evicts it in between. A deferred write counts as a state access when it
 * reaches state, which may be during another node's update.
 */
public final class NodeStore {
  private final HistoryBounds bounds;
  private final int fanOut;
  /** Tables whose nodes never have children, so their child samples are never read from state. */
  private final Set<String> childlessTables;
  /** Whether child samples keep each child's latest values. */
  private final boolean childValues;
  private final ValueState<NodeRow> row;
  private final ValueState<TreeMap<String, ChildSample>> children;
  private final Counter accesses;
  private final Counter incompleteSamples;
  private final HeapCache<CachedNode> cache;
  /** The operator's key context when writes are deferred, else null. */
  private final KeyContext deferredWrites;
  private long updateAccesses;
  private long maxUpdateAccesses;

  /** A node's state as last read or written; a null field was not read yet. */
  private static final class CachedNode {
    /** Whether {@link #row} is the state's value, which may be null. */
    boolean rowLoaded;
    NodeRow row;
    /** Every child table's sample by table name, in name order. */
    TreeMap<String, ChildSample> samples;
    /** Whether {@link #row} differs from state, which happens only with deferred writes. */
    boolean rowChanged;
    /** Whether {@link #samples} differs from state, which happens only with deferred writes. */
    boolean samplesChanged;

    boolean changed() {
      return rowChanged || samplesChanged;
    }
  }

  /**
   * Opens the state.
   *
   * @param fanOut children per child table this operator selects, or 0 when it keeps no children
   * @param cachedNodes most nodes kept in the heap cache, 0 for none
   */
  public NodeStore(RuntimeContext context, HistoryBounds bounds, int fanOut, int cachedNodes) {
    this(context, bounds, fanOut, cachedNodes, null, Set.of(), false);
  }

  /**
   * Opens the state with a write-behind cache when {@code keys}, the operator's key context, is
   * given and the cache keeps nodes.
   *
   * @param childlessTables tables that no foreign key references: their nodes' child samples are
   *     empty without a state read
   * @param childValues whether the child samples keep each child's latest values, which the
   *     neighbours then carry
   */
  public NodeStore(RuntimeContext context, HistoryBounds bounds, int fanOut, int cachedNodes, KeyContext keys,
      Set<String> childlessTables, boolean childValues) {
    this.bounds = bounds;
    this.childlessTables = childlessTables;
    this.childValues = childValues;
    this.deferredWrites = cachedNodes > 0 ? keys : null;
    this.cache = new HeapCache<>(cachedNodes, this::evicted);
    this.fanOut = fanOut;
    row = context.getState(new ValueStateDescriptor<>("row", NodeRow.class));
    children = fanOut > 0
        ? context.getState(samplesDescriptor())
        : null;
    accesses = context.getMetricGroup().counter("graphStateAccesses");
    incompleteSamples = context.getMetricGroup().counter("childSamplesIncomplete");
    context.getMetricGroup().gauge("maxStateAccessesPerUpdate", () -> maxUpdateAccesses);
  }

  /** Returns the descriptor of a node's child samples, all child tables in one value. */
  static ValueStateDescriptor<TreeMap<String, ChildSample>> samplesDescriptor() {
    return new ValueStateDescriptor<>("child-samples", ChildSamplesSerializer.INSTANCE);
  }

  /** Applies an update to the current key's state; returns the node's row after an upsert, else null. */
  public NodeRow apply(GraphUpdate update) throws Exception {
    updateAccesses = 0;
    CachedNode cached = cached(update.target());
    NodeRow result = switch (update.kind()) {
      case UPSERT -> upsert(cached, update);
      case DELETE -> {
        delete(update.target(), cached);
        yield null;
      }
      case CHILD_UPSERT -> {
        childUpsert(cached, update);
        yield null;
      }
      case CHILD_REMOVE -> {
        childRemove(cached, update);
        yield null;
      }
    };
    maxUpdateAccesses = Math.max(maxUpdateAccesses, updateAccesses);
    return result;
  }

  /** Returns the row of a node, which must be the current key, or null when the node has none. */
  public NodeRow row(String node) throws Exception {
    return row(cached(node));
  }

  private CachedNode cached(String node) {
    CachedNode cached = cache.get(node);
    if (cached == null) {
      cached = new CachedNode();
      cache.put(node, cached);
    }
    return cached;
  }

  private NodeRow row(CachedNode cached) throws Exception {
    if (!cached.rowLoaded) {
      count(1);
      cached.row = row.value();
      cached.rowLoaded = true;
    }
    return cached.row;
  }

  private NodeRow upsert(CachedNode cached, GraphUpdate update) throws Exception {
    NodeRow node = row(cached);
    if (node == null) {
      node = new NodeRow();
    }
    node.add(new RowVersion(update.values(), update.eventTimeMillis(), update.commitTimeMillis(), update.parents()),
        bounds);
    node.version++;
    write(cached, node);
    return node;
  }

  private void delete(String id, CachedNode cached) throws Exception {
    NodeRow node = row(cached);
    if (node == null) {
      return;
    }
    node.delete();
    if (children != null && !samples(id, cached).isEmpty()) {
      // Children still reference the row; keep the version so that example ids stay unique.
      write(cached, node);
    } else {
      clearRow(cached);
    }
  }

  private void write(CachedNode cached, NodeRow node) throws Exception {
    cached.row = node;
    cached.rowLoaded = true;
    if (deferredWrites != null) {
      cached.rowChanged = true;
      return;
    }
    count(1);
    row.update(node);
  }

  private void clearRow(CachedNode cached) {
    cached.row = null;
    cached.rowLoaded = true;
    if (deferredWrites != null) {
      cached.rowChanged = true;
      return;
    }
    count(1);
    row.clear();
  }

  /**
   * Writes the current key's child samples, or marks them for a later write when writes are
   * deferred.
   */
  private void writeSamples(CachedNode cached) throws Exception {
    if (deferredWrites != null) {
      cached.samplesChanged = true;
      return;
    }
    storeSamples(cached.samples);
  }

  private void storeSamples(TreeMap<String, ChildSample> samples) throws Exception {
    count(1);
    if (samples.isEmpty()) {
      children.clear();
    } else {
      children.update(samples);
    }
  }

  /** Writes every cached node's deferred changes to state. It leaves the current key changed. */
  public void storeChanged() throws Exception {
    if (deferredWrites == null) {
      return;
    }
    for (Map.Entry<String, CachedNode> entry : cache.entries()) {
      if (entry.getValue().changed()) {
        deferredWrites.setCurrentKey(entry.getKey());
        store(entry.getValue());
      }
    }
  }

  private void store(CachedNode cached) throws Exception {
    if (cached.rowChanged) {
      count(1);
      if (cached.row == null) {
        row.clear();
      } else {
        row.update(cached.row);
      }
      cached.rowChanged = false;
    }
    if (cached.samplesChanged) {
      storeSamples(cached.samples);
      cached.samplesChanged = false;
    }
  }

  /** Writes an evicted node's deferred changes under its own key, then switches back to the current key. */
  private void evicted(String node, CachedNode cached) {
    if (deferredWrites == null || !cached.changed()) {
      return;
    }
    Object current = deferredWrites.getCurrentKey();
    try {
      deferredWrites.setCurrentKey(node);
      store(cached);
    } catch (Exception e) {
      throw new FlinkRuntimeException("Failed to write the state of evicted node " + node, e);
    } finally {
      deferredWrites.setCurrentKey(current);
    }
  }

  private void childUpsert(CachedNode cached, GraphUpdate update) throws Exception {
    if (children == null) {
      return;
    }
    String childTable = NodeKeys.tableOf(update.child());
    TreeMap<String, ChildSample> samples = samples(update.target(), cached);
    ChildSample sample = samples.get(childTable);
    if (sample == null) {
      sample = new ChildSample();
    }
    if (update.newEdge()) {
      sample.count++;
    }
    Object[] values = childValues ? update.values() : null;
    sample.add(new ChildEntry(update.child(), update.eventTimeMillis(), values), fanOut, bounds);
    samples.put(childTable, sample);
    writeSamples(cached);
  }

  private void childRemove(CachedNode cached, GraphUpdate update) throws Exception {
    if (children == null) {
      return;
    }
    String childTable = NodeKeys.tableOf(update.child());
    TreeMap<String, ChildSample> samples = samples(update.target(), cached);
    ChildSample sample = samples.get(childTable);
    if (sample == null) {
      return;
    }
    sample.remove(update.child());
    if (sample.isEmpty()) {
      samples.remove(childTable);
    }
    writeSamples(cached);
    NodeRow node = row(cached);
    if (node != null && !node.exists() && samples.isEmpty()) {
      clearRow(cached); // A deleted row whose last child left: nothing of the node remains.
    }
  }

  /**
   * Returns the child samples of a node, which must be the current key, by table name in name
   * order, so that examples are deterministic.
   */
  public Map<String, ChildSample> samples(String node) throws Exception {
    if (children == null) {
      return new TreeMap<>();
    }
    return Collections.unmodifiableMap(samples(node, cached(node)));
  }

  /**
   * Reads the cached node's child samples once, and later reads and writes use the map. A node of
   * a childless table starts with no samples and reads nothing.
   */
  private TreeMap<String, ChildSample> samples(String node, CachedNode cached) throws Exception {
    if (cached.samples == null) {
      TreeMap<String, ChildSample> samples = null;
      if (!childlessTables.contains(NodeKeys.tableOf(node))) {
        count(1);
        samples = children.value();
      }
      cached.samples = samples == null ? new TreeMap<>() : samples;
    }
    return cached.samples;
  }

  /**
   * Returns the nodes a walk steps to from the current key's row version as of a time: the parents
   * in foreign-key order, then up to the fan-out most recent children of each child table at or
   * before the time, taken in turns across the tables (each table's most recent, then each
   * table's second, and so on) so that a cut list keeps every table. The node the walk came from
   * is left out. A child carries its latest values only when this operator keeps them. After a
   * restore into a job with more hops, the samples may still contain values that this operator
   * must not use, because the walk then goes on from its children.
   */
  public List<Neighbour> neighbours(RowVersion version, Map<String, ChildSample> samples, long time, String via) {
    List<Neighbour> next = new ArrayList<>();
    for (String parent : version.parents.values()) {
      if (!parent.equals(via)) {
        next.add(Neighbour.parent(parent));
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
          next.add(Neighbour.child(selected.get(rank), childValues));
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
