package io.relstream.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node's own row and outgoing edges, kept in keyed state. A Flink POJO, so fields are public and mutable. */
public class NodeRow {
  /** The row's values, or null after a delete. */
  public Object[] values;
  public long eventTime;
  public long commitTime;
  /** Incremented on every change of the node's own row; part of example ids. */
  public long version;
  /** Foreign-key name to parent node id. */
  public Map<String, String> parents = new LinkedHashMap<>();

  public NodeRow() {}
}
