package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.TableSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a change out to the nodes it affects: its own node, and each parent it references before
 * and after the change. Stateless. Changes without a usable key go to the dead-letter output. The
 * message to the row's own node also goes to the side output {@link GraphOutputs#ROW_UPDATES}.
 * A child upsert carries the child's values, for the operator that keeps them in its child
 * samples ({@code graph.child-values}); a child removal carries none.
 */
final class GraphRouter extends ProcessFunction<TimedChange, GraphUpdate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(GraphRouter.class);
  private static final int MAX_PAYLOAD_CHARS = 2_000;

  private final DatabaseSchema schema;
  private final OutputTag<DeadLetter> deadLetters;
  private transient Counter rowsRead;
  private transient Counter rejected;
  private transient LongCounter rowsReadAccumulator;

  GraphRouter(DatabaseSchema schema, OutputTag<DeadLetter> deadLetters) {
    this.schema = schema;
    this.deadLetters = deadLetters;
  }

  @Override
  public void open(Configuration parameters) {
    rowsRead = getRuntimeContext().getMetricGroup().counter("rowsRead");
    rejected = getRuntimeContext().getMetricGroup().counter("rowsDeadLettered");
    rowsReadAccumulator = new LongCounter();
    getRuntimeContext().addAccumulator(GraphOutputs.ROWS_READ_ACCUMULATOR, rowsReadAccumulator);
  }

  @Override
  public void processElement(TimedChange timed, Context context, Collector<GraphUpdate> out) {
    RowChange change = timed.change();
    rowsRead.inc();
    rowsReadAccumulator.add(1);
    if (change.problem() != null) {
      reject(context, change, null, change.problem());
      return;
    }
    TableSchema table = schema.table(change.table());
    String key = NodeKeys.keyOf(table, change.current());
    if (key == null) {
      reject(context, change, null, "a primary key column is NULL");
      return;
    }
    String node = NodeKeys.nodeId(table.name(), key);
    Map<String, String> parentsBefore = parentsOf(table, change.before());
    Map<String, String> parentsAfter = parentsOf(table, change.after());
    GraphUpdate own = change.kind() == RowChange.Kind.DELETE
        ? new GraphUpdate(GraphUpdate.Kind.DELETE, node, null, timed.eventTimeMillis(), change.commitTimeMillis(),
            parentsBefore, null, false)
        : new GraphUpdate(GraphUpdate.Kind.UPSERT, node, change.after(), timed.eventTimeMillis(),
            change.commitTimeMillis(), parentsAfter, null, false);
    out.collect(own);
    context.output(GraphOutputs.ROW_UPDATES, own);
    routeToParents(timed, node, parentsBefore, parentsAfter, out);
  }

  private void routeToParents(
      TimedChange timed, String node, Map<String, String> before, Map<String, String> after, Collector<GraphUpdate> out) {
    RowChange change = timed.change();
    for (Map.Entry<String, String> edge : before.entrySet()) {
      if (!edge.getValue().equals(after.get(edge.getKey()))) {
        out.collect(new GraphUpdate(GraphUpdate.Kind.CHILD_REMOVE, edge.getValue(), null, timed.eventTimeMillis(),
            change.commitTimeMillis(), null, node, false));
      }
    }
    for (Map.Entry<String, String> edge : after.entrySet()) {
      // Without a before-image (no REPLICA IDENTITY FULL) an update is taken to keep its edges.
      boolean newEdge = change.kind() == RowChange.Kind.INSERT
          || (change.before() != null && !edge.getValue().equals(before.get(edge.getKey())));
      out.collect(new GraphUpdate(GraphUpdate.Kind.CHILD_UPSERT, edge.getValue(), change.after(),
          timed.eventTimeMillis(), change.commitTimeMillis(), null, node, newEdge));
    }
  }

  /** Returns foreign-key name to parent node id for the non-NULL foreign keys of a row image. */
  private Map<String, String> parentsOf(TableSchema table, Object[] row) {
    Map<String, String> parents = new LinkedHashMap<>();
    if (row == null) {
      return parents;
    }
    for (ForeignKey fk : table.foreignKeys()) {
      String parentKey = NodeKeys.parentKeyOf(schema, table, fk, row);
      if (parentKey != null) {
        parents.put(fk.edgeName(), NodeKeys.nodeId(fk.referencedTable(), parentKey));
      }
    }
    return parents;
  }

  private void reject(Context context, RowChange change, String key, String reason) {
    rejected.inc();
    String payload = Arrays.toString(change.current());
    if (payload.length() > MAX_PAYLOAD_CHARS) {
      payload = payload.substring(0, MAX_PAYLOAD_CHARS) + "...";
    }
    if (rejected.getCount() <= 20 || rejected.getCount() % 1_000 == 0) {
      LOG.warn("Dead-lettering a change of table {} ({} so far): {}", change.table(), rejected.getCount(), reason);
    }
    context.output(deadLetters, new DeadLetter(change.table(), key, reason, payload, change.commitTimeMillis()));
  }
}
