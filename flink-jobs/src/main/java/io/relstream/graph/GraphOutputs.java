package io.relstream.graph;

import io.relstream.sampling.ParentRequest;
import io.relstream.sampling.RowVersion;
import org.apache.flink.util.OutputTag;

/** The side outputs of the graph operators. */
public final class GraphOutputs {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  public static final OutputTag<ParentRequest> PARENT_REQUESTS = new OutputTag<>("parent-requests") {};
  public static final OutputTag<RowVersion> ROW_VERSIONS = new OutputTag<>("row-versions") {};
  public static final OutputTag<Deletion> DELETIONS = new OutputTag<>("deletions") {};
  public static final OutputTag<NodeSummary> NODE_SUMMARIES = new OutputTag<>("node-summaries") {};

  /** Name of the accumulator that counts the changes the job has read. */
  public static final String ROWS_READ_ACCUMULATOR = "rows-read";

  private GraphOutputs() {}
}
