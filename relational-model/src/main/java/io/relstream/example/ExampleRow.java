package io.relstream.example;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.relstream.serialization.RecordKryoSerializer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of an example.
 *
 * @param table the row's table
 * @param key the row's primary key, encoded by {@code NodeKey}'s rules
 * @param role where the row sits relative to the seed
 * @param hop the number of foreign-key edges between the row and the seed (0 for the seed)
 * @param eventTimeMillis the row's event time in epoch milliseconds, or {@link EventTime#TIMELESS}
 * @param values the row's values, aligned with the table schema's columns
 * @param via the node id ({@code table/key}) of the row this row was reached from, or null for the
 *     seed and for rows built without a path
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ExampleRow(
    String table, String key, RowRole role, int hop, long eventTimeMillis, Object[] values, String via)
    implements Serializable {

  /** Creates a row without a recorded path. */
  public ExampleRow(String table, String key, RowRole role, int hop, long eventTimeMillis, Object[] values) {
    this(table, key, role, hop, eventTimeMillis, values, null);
  }

  public ExampleRow {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(values, "values");
  }

  /** Returns the row's node id, {@code table/key}, the form that {@link #via()} uses. */
  public String nodeId() {
    return table + "/" + key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExampleRow row
        && table.equals(row.table)
        && key.equals(row.key)
        && role == row.role
        && hop == row.hop
        && eventTimeMillis == row.eventTimeMillis
        && Arrays.equals(values, row.values)
        && Objects.equals(via, row.via);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, key, role, hop, eventTimeMillis, Arrays.hashCode(values), via);
  }

  @Override
  public String toString() {
    String path = via == null ? "" : " via " + via;
    return role + " " + hop + " " + table + "/" + key + "@" + eventTimeMillis + path + Arrays.toString(values);
  }
}
