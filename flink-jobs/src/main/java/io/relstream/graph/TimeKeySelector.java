package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a change by the node that carries its event time: the row itself, or, for a table that takes
 * its time through a foreign key, the referenced row (a result is keyed by its race).
 */
final class TimeKeySelector implements KeySelector<RowChange, String> {
  private static final long serialVersionUID = 1L;
  static final String UNUSABLE_KEY = "?";

  private final DatabaseSchema schema;

  TimeKeySelector(DatabaseSchema schema) {
    this.schema = schema;
  }

  @Override
  public String getKey(RowChange change) {
    if (change.problem() != null || !schema.contains(change.table())) {
      return UNUSABLE_KEY;
    }
    TableSchema table = schema.table(change.table());
    Object[] row = change.current();
    String timeParent = timeParentOf(schema, table, row);
    if (timeParent != null) {
      return timeParent;
    }
    String key = NodeKeys.keyOf(table, row);
    return key == null ? UNUSABLE_KEY : NodeKeys.nodeId(table.name(), key);
  }

  /** Returns the node id of the row that carries this row's time, or null when there is none. */
  static String timeParentOf(DatabaseSchema schema, TableSchema table, Object[] row) {
    TimeVia via = table.timeVia();
    if (via == null) {
      return null;
    }
    return table.foreignKeyOn(via.foreignKeyColumn())
        .map(fk -> NodeKeys.parentKeyOf(schema, table, fk, row))
        .map(key -> NodeKeys.nodeId(via.table(), key))
        .orElse(null);
  }
}
