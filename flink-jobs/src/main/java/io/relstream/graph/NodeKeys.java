package io.relstream.graph;

import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.TableSchema;

/**
 * Encodes graph node identities. A node id is {@code table/key}; a key is the primary key values
 * joined by {@code |}, with {@code \} escaping {@code |}, {@code /} and itself inside text values,
 * so that composite keys such as {@code pit_stops/841|153|1} stay unambiguous.
 */
public final class NodeKeys {

  private NodeKeys() {}

  /** Returns the row's key, or null when a key column is NULL. */
  public static String keyOf(TableSchema table, Object[] values) {
    return join(values, table.primaryKeyIndexes());
  }

  /** Returns the node id of a table and key. */
  public static String nodeId(String table, String key) {
    return table + "/" + key;
  }

  /** Returns the table part of a node id. */
  public static String tableOf(String nodeId) {
    return nodeId.substring(0, nodeId.indexOf('/'));
  }

  /** Returns the key part of a node id. */
  public static String keyPartOf(String nodeId) {
    return nodeId.substring(nodeId.indexOf('/') + 1);
  }

  /**
   * Returns the key of the parent row that a foreign key references, or null when a foreign-key
   * column is NULL. The child's columns are reordered to the parent's primary-key order.
   */
  public static String parentKeyOf(DatabaseSchema schema, TableSchema child, ForeignKey fk, Object[] values) {
    TableSchema parent = schema.table(fk.referencedTable());
    int[] childIndexes = child.indexesOf(fk.columns());
    int[] ordered = new int[parent.primaryKey().size()];
    for (int i = 0; i < ordered.length; i++) {
      int position = fk.referencedColumns().indexOf(parent.primaryKey().get(i));
      if (position < 0) {
        return null; // The key references non-key columns of the parent; no node identity to follow.
      }
      ordered[i] = childIndexes[position];
    }
    return join(values, ordered);
  }

  private static String join(Object[] values, int[] indexes) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < indexes.length; i++) {
      Object value = values[indexes[i]];
      if (value == null) {
        return null;
      }
      if (i > 0) {
        key.append('|');
      }
      appendEscaped(key, canonical(value));
    }
    return key.toString();
  }

  /** Integral doubles print as integers so that a key reads the same whatever numeric type carried it. */
  private static String canonical(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }

  private static void appendEscaped(StringBuilder key, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '|' || c == '/' || c == '\\') {
        key.append('\\');
      }
      key.append(c);
    }
  }
}
