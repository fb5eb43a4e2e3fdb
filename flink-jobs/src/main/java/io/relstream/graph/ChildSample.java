package io.relstream.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's children from one child table: the exact count and the K most recent, most recent first.
 * Kept per child table in a map state, so a child's change reads and writes only its own table's
 * sample. A Flink POJO, so fields are public and mutable.
 */
public class ChildSample {
  /** The exact number of children in the table. */
  public long count;
  /** The sampled children, most recent first. */
  public List<ChildEntry> entries = new ArrayList<>();

  public ChildSample() {}

  /** Adds or refreshes a child and keeps only the {@code limit} most recent. */
  void add(ChildEntry entry, int limit) {
    entries.removeIf(existing -> existing.node.equals(entry.node));
    entries.add(entry);
    entries.sort(ChildEntry.MOST_RECENT_FIRST);
    while (entries.size() > limit) {
      entries.remove(entries.size() - 1);
    }
  }

  /** Removes a child from the count and from the sample. */
  void remove(String childNode) {
    entries.removeIf(existing -> existing.node.equals(childNode));
    count = Math.max(0, count - 1);
  }

  boolean isEmpty() {
    return count == 0 && entries.isEmpty();
  }
}
