package io.relstream.graph;

import io.relstream.example.RowRole;

/**
 * A node that a walk can reach from another node in one step.
 *
 * @param node the node id
 * @param role {@code PARENT} when the other node references it, {@code CHILD} when it references the other node
 */
public record Neighbour(String node, RowRole role) {}
