package io.relstream.graph;

import io.relstream.example.RowRole;

/**
 * A node that a walk can reach from another node in one step.
 *
 * @param node the node id
 * @param role {@code PARENT} when the other node references it, {@code CHILD} when it references the other node
 * @param latest the child's latest event time and values when the other node's child sample keeps
 *     them, else null. A child is selected only when its latest event time is at or before the
 *     seed time, so these are the child's row as of the seed time.
 */
public record Neighbour(String node, RowRole role, ChildEntry latest) {

  /** Returns a parent, whose row only its own node can serve. */
  public static Neighbour parent(String node) {
    return new Neighbour(node, RowRole.PARENT, null);
  }

  /**
   * Returns a child from a sample entry, with the entry's values when it keeps them and the caller
   * uses them.
   */
  public static Neighbour child(ChildEntry entry, boolean useValues) {
    return new Neighbour(entry.node, RowRole.CHILD, useValues && entry.values != null ? entry : null);
  }

  /** Returns whether the walk can take this node's row from here, without a request. */
  public boolean known() {
    return latest != null;
  }
}
