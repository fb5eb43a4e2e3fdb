package io.relstream.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table with a primary key, as the job uses it. Row values travel as {@code Object[]} aligned with
 * {@link #columns()}.
 *
 * @param name the table name
 * @param columns every column, in the database's ordinal order
 * @param primaryKey the key columns, in key order; never empty
 * @param foreignKeys the outgoing foreign keys
 * @param timeColumn the table's own event-time column, or null
 * @param timeVia where the event time comes from when the table has no time column, or null
 */
public record TableSchema(
    String name,
    List<ColumnSchema> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    String timeColumn,
    TimeVia timeVia)
    implements Serializable {

  public TableSchema {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    foreignKeys = List.copyOf(foreignKeys);
    if (primaryKey.isEmpty()) {
      throw new IllegalArgumentException("Table " + name + " has no primary key");
    }
  }

  /** Returns the position of a column in {@link #columns()}, or -1 when the table has no such column. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the column with this name or throws when the table lacks it. */
  public ColumnSchema column(String column) {
    int index = columnIndex(column);
    if (index < 0) {
      throw new IllegalArgumentException("Table " + name + " has no column " + column);
    }
    return columns.get(index);
  }

  /** Returns the positions of the primary key columns in {@link #columns()}. */
  public int[] primaryKeyIndexes() {
    return indexesOf(primaryKey);
  }

  /** Returns the positions of the given columns in {@link #columns()}. */
  public int[] indexesOf(List<String> names) {
    int[] indexes = new int[names.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = columnIndex(names.get(i));
      if (indexes[i] < 0) {
        throw new IllegalArgumentException("Table " + name + " has no column " + names.get(i));
      }
    }
    return indexes;
  }

  /** Returns the foreign key that starts at this single column, if there is one. */
  public Optional<ForeignKey> foreignKeyOn(String column) {
    return foreignKeys.stream().filter(fk -> fk.columns().equals(List.of(column))).findFirst();
  }

  /** Returns the names of the content columns: those that are neither primary nor foreign keys. */
  public List<String> contentColumns() {
    List<String> names = new ArrayList<>();
    for (ColumnSchema column : columns) {
      if (column.semanticType() != SemanticType.KEY) {
        names.add(column.name());
      }
    }
    return names;
  }
}
