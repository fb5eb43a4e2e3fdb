package io.relstream.graph;

import java.util.Comparator;

/**
 * A child that a parent node keeps for sampling: the child's node id, latest event time and, in
 * the operator whose children end the walk ({@code graph.child-values}), the child's latest values.
 * Elsewhere the values stay null and the child's own node serves its row as of the seed time. A
 * Flink POJO, so fields are public and mutable.
 */
public class ChildEntry {
  /** Most recent first; equal times ordered by node id, so that sampling is deterministic. */
  public static final Comparator<ChildEntry> MOST_RECENT_FIRST =
      Comparator.comparingLong((ChildEntry e) -> e.eventTime).reversed().thenComparing(e -> e.node);

  public String node;
  public long eventTime;
  /** The child's values as of its latest change, or null when this sample does not keep them. */
  public Object[] values;

  public ChildEntry() {}

  public ChildEntry(String node, long eventTime) {
    this(node, eventTime, null);
  }

  public ChildEntry(String node, long eventTime, Object[] values) {
    this.node = node;
    this.eventTime = eventTime;
    this.values = values;
  }
}
