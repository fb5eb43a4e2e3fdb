package io.relstream.load;

import io.relstream.load.DatasetSchema.TableSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One table ready to load: its schema.json entry, its CSV file, the header columns and the column
 * types, with foreign key columns already set to the type of the key they reference.
 */
record TablePlan(TableSpec spec, Path file, List<String> columns, List<ColumnType> types) {

  TablePlan {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
  }

  String name() {
    return spec.name();
  }

  /** Returns the header position of {@code column}, or -1 when the header lacks it. */
  int indexOf(String column) {
    return columns.indexOf(column);
  }

  ColumnType type(String column) {
    return types.get(indexOf(column));
  }

  int[] primaryKeyIndexes() {
    return spec.primaryKey().stream().mapToInt(this::indexOf).toArray();
  }
}
