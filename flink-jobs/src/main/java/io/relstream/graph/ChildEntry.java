package io.relstream.graph;

import java.util.Comparator;

/**
 * A child that a parent node keeps for sampling: the child's node id and latest event time. The
 * child's values are served by the child's own node, as of the seed time. A Flink POJO, so fields
 * are public and mutable.
 */
public class ChildEntry {
  /** Most recent first; equal times ordered by node id, so that sampling is deterministic. */
  public static final Comparator<ChildEntry> MOST_RECENT_FIRST =
      Comparator.comparingLong((ChildEntry e) -> e.eventTime).reversed().thenComparing(e -> e.node);

  public String node;
  public long eventTime;

  public ChildEntry() {}

  public ChildEntry(String node, long eventTime) {
    this.node = node;
    this.eventTime = eventTime;
  }
}
