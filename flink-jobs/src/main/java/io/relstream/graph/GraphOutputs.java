package io.relstream.graph;

import io.relstream.sampling.HopRequest;
import org.apache.flink.util.OutputTag;

/** The side outputs of the graph operators. */
public final class GraphOutputs {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  /** Requests of the next hop, from the seed operator and every hop operator but the last. */
  public static final OutputTag<HopRequest> HOP_REQUESTS = new OutputTag<>("hop-requests") {};
  /**
   * The router's messages about a node's own row ({@code UPSERT} and {@code DELETE}), also sent on
   * its main output, for the operators that keep no children: they skip the child messages.
   */
  public static final OutputTag<GraphUpdate> ROW_UPDATES = new OutputTag<>("row-updates") {};
  public static final OutputTag<Deletion> DELETIONS = new OutputTag<>("deletions") {};
  public static final OutputTag<NodeSummary> NODE_SUMMARIES = new OutputTag<>("node-summaries") {};

  /** Name of the accumulator that counts the changes the job has read. */
  public static final String ROWS_READ_ACCUMULATOR = "rows-read";

  private GraphOutputs() {}
}
