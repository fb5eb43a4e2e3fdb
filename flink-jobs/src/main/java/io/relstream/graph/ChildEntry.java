package io.relstream.graph;

import java.util.Comparator;

/** A sampled child row kept by its parent node. A Flink POJO, so fields are public and mutable. */
public class ChildEntry {
  /** Most recent first; equal times ordered by node id, so that sampling is deterministic. */
  static final Comparator<ChildEntry> MOST_RECENT_FIRST =
      Comparator.comparingLong((ChildEntry e) -> e.eventTime).reversed().thenComparing(e -> e.node);

  public String node;
  public long eventTime;
  public Object[] values;

  public ChildEntry() {}

  ChildEntry(String node, long eventTime, Object[] values) {
    this.node = node;
    this.eventTime = eventTime;
    this.values = values;
  }
}
