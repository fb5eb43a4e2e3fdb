package io.relstream.graph;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's own row as a bounded version history, kept in keyed state. A Flink POJO, so fields are
 * public and mutable.
 *
 * <p>The versions are kept in commit order, and each kept version has a later event time than the
 * one before it: a version is dropped as soon as a later commit has an event time at or before its
 * own, because from then on no look-up at any time returns it. The version "as of t" is therefore
 * the last one whose event time is at or before t. Beyond that exact pruning the history is bounded
 * by {@link HistoryBounds}: a version whose successor's event time lies at or before the node's
 * newest event time minus the retention is only needed for seeds older than the retention, and at
 * most the configured number of versions stay. A node that dropped a version for either bound
 * records it in {@link #truncated}, so that a look-up before its oldest kept version is counted
 * instead of being taken for a row that did not exist yet.
 */
@TypeInfo(NodeRowSerializer.Factory.class)
public class NodeRow {
  /** Kept versions, oldest first; empty after a delete. */
  public List<RowVersion> versions = new ArrayList<>();
  /** Whether a version was dropped by the retention or the count bound. */
  public boolean truncated;
  /** Incremented on every change of the node's own row; part of example ids. */
  public long version;

  public NodeRow() {}

  /** Adds a new version and applies the bounds. */
  public void add(RowVersion added, HistoryBounds bounds) {
    versions.removeIf(existing -> existing.eventTime >= added.eventTime);
    versions.add(added);
    long newest = added.eventTime;
    long horizon = HistoryBounds.horizon(newest, bounds.retentionMillis());
    while (versions.size() > 1 && versions.get(1).eventTime <= horizon) {
      versions.remove(0);
      truncated = true;
    }
    while (versions.size() > bounds.rowVersions()) {
      versions.remove(0);
      truncated = true;
    }
  }

  /** Erases the row's history, because a deleted row is shown in no example, whatever its time. */
  public void delete() {
    versions.clear();
    truncated = false;
  }

  public boolean exists() {
    return !versions.isEmpty();
  }

  public RowVersion latest() {
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  /** Returns the version as of a time, or null when no kept version is at or before it. */
  public RowVersion asOf(long time) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).eventTime <= time) {
        return versions.get(i);
      }
    }
    return null;
  }

  /** Returns whether a look-up at this time may have needed a dropped version. */
  public boolean beyondHistory(long time) {
    return truncated && !versions.isEmpty() && time < versions.get(0).eventTime;
  }
}
