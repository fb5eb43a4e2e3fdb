package io.relstream.tokenize;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content columns of one table with their ids, hash prefixes and running statistics, computed
 * once per tokenizer so that tokenizing a row does no string work on names.
 */
final class TableLayout {
  final String table;
  final int tableId;
  final List<Column> columns;

  private TableLayout(String table, int tableId, List<Column> columns) {
    this.table = table;
    this.tableId = tableId;
    this.columns = List.copyOf(columns);
  }

  static TableLayout of(TableSchema schema, TokenizerConfig config) {
    int tableId = StableHash.bucket(StableHash.ofName(schema.name()), config.tableIdBuckets());
    List<Column> columns = new ArrayList<>();
    List<ColumnSchema> all = schema.columns();
    for (int index = 0; index < all.size(); index++) {
      ColumnSchema column = all.get(index);
      if (column.semanticType() != SemanticType.KEY) {
        columns.add(Column.of(schema.name(), index, column, config));
      }
    }
    return new TableLayout(schema.name(), tableId, columns);
  }

  /**
   * One content column. Its {@code statistics} is null unless the column is numeric or a timestamp.
   */
  static final class Column {
    final String qualifiedName;
    final int index;
    final SemanticType type;
    final boolean timeOfDay;
    final int columnId;

    /**
     * Hash state after the qualified name and a separator, from which each value's hash continues.
     */
    final long valueHashPrefix;

    final ColumnStatistics statistics;

    private Column(
        String qualifiedName,
        int index,
        SemanticType type,
        boolean timeOfDay,
        int columnId,
        long valueHashPrefix,
        ColumnStatistics statistics) {
      this.qualifiedName = qualifiedName;
      this.index = index;
      this.type = type;
      this.timeOfDay = timeOfDay;
      this.columnId = columnId;
      this.valueHashPrefix = valueHashPrefix;
      this.statistics = statistics;
    }

    static Column of(String table, int index, ColumnSchema column, TokenizerConfig config) {
      String qualifiedName = table + "." + column.name();
      long nameHash = StableHash.ofName(qualifiedName);
      SemanticType type = column.semanticType();
      boolean statisticsKept = type == SemanticType.NUMERIC || type == SemanticType.TIMESTAMP;
      return new Column(
          qualifiedName,
          index,
          type,
          type == SemanticType.TIMESTAMP && isTimeOfDay(column),
          StableHash.bucket(nameHash, config.columnIdBuckets()),
          StableHash.mixSeparator(nameHash),
          statisticsKept ? new ColumnStatistics() : null);
    }

    /**
     * Returns whether a timestamp column is a SQL {@code time}, whose values are milliseconds of
     * the day.
     */
    private static boolean isTimeOfDay(ColumnSchema column) {
      if (column.jdbcType() == Types.TIME || column.jdbcType() == Types.TIME_WITH_TIMEZONE) {
        return true;
      }
      String sqlType = column.sqlType().toLowerCase(Locale.ROOT);
      return sqlType.equals("time") || sqlType.equals("timetz") || sqlType.startsWith("time ");
    }
  }
}
