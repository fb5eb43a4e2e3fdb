package io.relstream.graph;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's children from one child table: the exact count and the most recent children, most
 * recent first. A node keeps one per child table, all in one state value, and each sample's size
 * is bounded whatever the number of children. A Flink POJO, so fields are public and mutable.
 *
 * <p>The sample keeps every child newer than the retention horizon (the newest child's event time
 * minus the retention), the {@code fanOut + 1} most recent children at or before it, and at most
 * {@link HistoryBounds#childrenRetained()} children in all. Only the oldest children are ever
 * dropped, so the kept children at or before any time t are the most recent ones at or before t.
 * A selection that finds fewer than it wants in a sample that dropped children is counted as
 * incomplete by the caller.
 */
@TypeInfo(ChildSampleSerializer.Factory.class)
public class ChildSample {
  /** The exact number of children in the table. */
  public long count;
  /** The kept children, most recent first. */
  public List<ChildEntry> entries = new ArrayList<>();
  /** Whether a child was dropped by a bound; removed children do not count. */
  public boolean truncated;

  public ChildSample() {}

  /** Adds or refreshes a child and applies the bounds. */
  public void add(ChildEntry entry, int fanOut, HistoryBounds bounds) {
    entries.removeIf(existing -> existing.node.equals(entry.node));
    int position = insertionPoint(entry);
    entries.add(position, entry);
    long horizon = HistoryBounds.horizon(entries.get(0).eventTime, bounds.retentionMillis());
    int keep = 0;
    while (keep < entries.size() && entries.get(keep).eventTime > horizon) {
      keep++;
    }
    // One more than the fan-out, because a selection may leave out the row the walk came from.
    keep = Math.min(entries.size(), Math.min(keep + fanOut + 1, bounds.childrenRetained()));
    if (keep < entries.size()) {
      entries.subList(keep, entries.size()).clear();
      truncated = true;
    }
  }

  private int insertionPoint(ChildEntry entry) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (ChildEntry.MOST_RECENT_FIRST.compare(entries.get(middle), entry) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Removes a child from the count and from the kept children. */
  public void remove(String childNode) {
    entries.removeIf(existing -> existing.node.equals(childNode));
    count = Math.max(0, count - 1);
  }

  public boolean isEmpty() {
    return count == 0 && entries.isEmpty();
  }

  /**
   * Returns up to {@code limit} most recent children at or before a time, leaving out one node
   * (the row the walk came from), most recent first.
   */
  public List<ChildEntry> select(long time, int limit, String excluded) {
    List<ChildEntry> selected = new ArrayList<>(limit);
    for (ChildEntry entry : entries) {
      if (selected.size() == limit) {
        break;
      }
      if (entry.eventTime <= time && !entry.node.equals(excluded)) {
        selected.add(entry);
      }
    }
    return selected;
  }
}
