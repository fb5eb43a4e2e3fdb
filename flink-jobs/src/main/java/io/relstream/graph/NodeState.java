package io.relstream.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one graph node: its row, its outgoing edges, a bounded sample of incoming edges (the
 * K most recent children per child table) and exact in-degree counts. A Flink POJO kept in keyed
 * state; a node can exist without a row when its children arrive first.
 */
public class NodeState {
  /** The row's values, or null while only children are known. */
  public Object[] values;
  public long eventTime;
  public long commitTime;
  /** Incremented on every change of the node's own row; part of example ids. */
  public long version;
  /** Foreign-key name to parent node id. */
  public Map<String, String> parents = new LinkedHashMap<>();
  /** Child table to its sampled children, most recent first. */
  public Map<String, List<ChildEntry>> children = new HashMap<>();
  /** Child table to the exact number of children. */
  public Map<String, Long> inDegree = new HashMap<>();

  public NodeState() {}

  boolean hasRow() {
    return values != null;
  }

  /** Adds or refreshes a child in the sample and keeps only the {@code limit} most recent. */
  void sampleChild(String childTable, ChildEntry entry, int limit) {
    List<ChildEntry> sample = children.computeIfAbsent(childTable, t -> new ArrayList<>());
    sample.removeIf(existing -> existing.node.equals(entry.node));
    sample.add(entry);
    sample.sort(ChildEntry.MOST_RECENT_FIRST);
    while (sample.size() > limit) {
      sample.remove(sample.size() - 1);
    }
  }

  void removeChild(String childTable, String childNode) {
    List<ChildEntry> sample = children.get(childTable);
    if (sample != null) {
      sample.removeIf(existing -> existing.node.equals(childNode));
    }
    inDegree.computeIfPresent(childTable, (table, count) -> count > 1 ? count - 1 : null);
  }

  void countNewChild(String childTable) {
    inDegree.merge(childTable, 1L, Long::sum);
  }

  boolean isEmpty() {
    return values == null && inDegree.isEmpty() && children.values().stream().allMatch(List::isEmpty);
  }
}
