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
 */
@DefaultSerializer(RecordKryoSerializer.class)
public record ExampleRow(
    String table, String key, RowRole role, int hop, long eventTimeMillis, Object[] values)
    implements Serializable {

  public ExampleRow {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(values, "values");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExampleRow row
        && table.equals(row.table)
        && key.equals(row.key)
        && role == row.role
        && hop == row.hop
        && eventTimeMillis == row.eventTimeMillis
        && Arrays.equals(values, row.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, key, role, hop, eventTimeMillis, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return role + " " + table + "/" + key + "@" + eventTimeMillis + Arrays.toString(values);
  }
}
