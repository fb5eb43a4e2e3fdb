package io.relstream.schema;

import java.io.Serializable;
import java.util.List;

/**
 * A foreign key from the owning (child) table to a referenced (parent) table's primary key.
 *
 * @param columns the child's columns, in the order of the parent's key columns
 * @param referencedTable the parent table
 * @param referencedColumns the parent's key columns that {@code columns} reference
 */
public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns)
    implements Serializable {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
    if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
      throw new IllegalArgumentException(
          "Foreign key to " + referencedTable + " has columns " + columns
              + " that do not match referenced columns " + referencedColumns);
    }
  }

  /** Returns a name for the edge, stable across runs: the child columns joined by commas. */
  public String edgeName() {
    return String.join(",", columns);
  }
}
