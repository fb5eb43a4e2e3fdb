package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A generated graph of {@code nodes} rows for {@link GraphScaleBenchmark}: a tenth of them in
 * {@code parents} and the rest in {@code children}, each child referencing a random parent, so
 * about 9 children per parent. Change number i of the stream is a parent insert, then a child
 * insert, and from {@code nodes} on an update of a random child. The same index gives the same
 * change in every run.
 */
final class GeneratedGraph {
  private static final long SEED = 17L;
  /**
   * Span of the children's event times, half the default {@code graph.version-retention} of a day,
   * so that the retention drops no child and examples have the same shape at every size. Only the
   * count bound ({@code graph.children-retained}, 64) still applies.
   */
  private static final long CHILDREN_TIME_SPAN_MILLIS = 12 * 3_600_000L;

  static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("parents",
          List.of(column("parent_id", SemanticType.KEY, Types.BIGINT), column("score", SemanticType.NUMERIC, Types.DOUBLE),
              column("label", SemanticType.CATEGORICAL, Types.VARCHAR)),
          List.of("parent_id"), List.of(), null, null),
      new TableSchema("children",
          List.of(column("child_id", SemanticType.KEY, Types.BIGINT), column("parent_id", SemanticType.KEY, Types.BIGINT),
              column("created", SemanticType.TIMESTAMP, Types.TIMESTAMP),
              column("amount", SemanticType.NUMERIC, Types.DOUBLE), column("kind", SemanticType.CATEGORICAL, Types.VARCHAR)),
          List.of("child_id"), List.of(new ForeignKey(List.of("parent_id"), "parents", List.of("parent_id"))),
          "created", null)));

  private GeneratedGraph() {}

  /** Returns the number of parents in a graph of {@code nodes} rows. */
  static long parents(long nodes) {
    return Math.max(1, nodes / 10);
  }

  private static ColumnSchema column(String name, SemanticType type, int jdbcType) {
    return new ColumnSchema(name, jdbcType == Types.VARCHAR ? "text" : "int8", jdbcType, type, false);
  }

  /** Returns the number of children in a graph of {@code nodes} rows. */
  static long children(long nodes) {
    return nodes - parents(nodes);
  }

  /** Turns the i-th number of a sequence into the i-th change: parents, children, then updates. */
  static final class Changes implements MapFunction<Long, RowChange> {
    private static final long serialVersionUID = 1L;
    private final long nodes;
    private final long parents;
    private final long activeChildren;

    /** Changes of a graph of {@code nodes} rows whose updates pick among all children. */
    Changes(long nodes) {
      this(nodes, children(nodes));
    }

    /**
     * Changes of a graph of {@code nodes} rows whose updates pick among the {@code activeChildren}
     * most recent children. With the same active set at every graph size, a run shows whether the
     * cost follows the graph's total size or the rows that change, as when an order table's
     * updates touch mostly recent orders.
     */
    Changes(long nodes, long activeChildren) {
      if (activeChildren < 1 || activeChildren > children(nodes)) {
        throw new IllegalArgumentException("Invalid number of active children " + activeChildren
            + ": expected 1 to " + children(nodes) + " for " + nodes + " nodes");
      }
      this.nodes = nodes;
      this.parents = parents(nodes);
      this.activeChildren = activeChildren;
    }

    @Override
    public RowChange map(Long index) {
      if (index < parents) {
        Object[] row = {index, index * 0.5, "label-" + index % 50};
        return new RowChange("parents", RowChange.Kind.INSERT, null, row, index, false);
      }
      if (index < nodes) {
        return new RowChange("children", RowChange.Kind.INSERT, null, child(index - parents, 0), index, false);
      }
      // Updates pick children with a generator seeded by their index, so every run updates the same children.
      // A child's index orders it by creation time, so the active children are the highest indexes.
      long child = nodes - parents - activeChildren + new SplittableRandom(SEED + index).nextLong(activeChildren);
      Object[] before = child(child, 0);
      return new RowChange("children", RowChange.Kind.UPDATE, before, child(child, index), index, false);
    }

    private Object[] child(long child, long version) {
      long parent = new SplittableRandom(SEED ^ child).nextLong(parents);
      long created = child * CHILDREN_TIME_SPAN_MILLIS / Math.max(1, nodes - parents);
      return new Object[] {child, parent, created, (double) (child % 1000 + version), "kind-" + child % 7};
    }
  }
}
