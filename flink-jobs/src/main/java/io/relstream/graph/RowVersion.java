package io.relstream.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** One version of a node's row. A Flink POJO, so fields are public and mutable. */
public class RowVersion {
  /** The row's values. */
  public Object[] values;
  /** The version's event time, or {@code EventTime.TIMELESS}. */
  public long eventTime;
  /** When the source committed the change that wrote this version. */
  public long commitTime;
  /** Foreign-key name to parent node id, for the non-NULL foreign keys of this version. */
  public Map<String, String> parents = new LinkedHashMap<>();

  public RowVersion() {}

  public RowVersion(Object[] values, long eventTime, long commitTime, Map<String, String> parents) {
    this.values = values;
    this.eventTime = eventTime;
    this.commitTime = commitTime;
    this.parents = new LinkedHashMap<>(parents);
  }
}
