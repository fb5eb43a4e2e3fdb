package io.relstream.tokenize;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content columns of one table with their ids, name pieces and hash prefixes, computed once per
 * tokenizer so that tokenizing a row does no string work on names. Immutable.
 */
final class TableLayout {
  final String table;
  final int tableId;

  /** Ids of the table name's pieces, padded with 0. */
  final int[] tablePieces;

  final List<Column> columns;

  private TableLayout(String table, int tableId, int[] tablePieces, List<Column> columns) {
    this.table = table;
    this.tableId = tableId;
    this.tablePieces = tablePieces;
    this.columns = List.copyOf(columns);
  }

  static TableLayout of(TableSchema schema, TokenizerConfig config) {
    int tableId = StableHash.bucket(StableHash.ofName(schema.name()), config.tableIdBuckets());
    int[] tablePieces =
        NamePieces.ids(schema.name(), config.namePieces(), config.namePieceBuckets());
    List<Column> columns = new ArrayList<>();
    List<ColumnSchema> all = schema.columns();
    for (int index = 0; index < all.size(); index++) {
      ColumnSchema column = all.get(index);
      if (column.semanticType() != SemanticType.KEY) {
        boolean timeColumn = column.name().equals(schema.timeColumn());
        columns.add(Column.of(schema.name(), index, column, timeColumn, config));
      }
    }
    return new TableLayout(schema.name(), tableId, tablePieces, columns);
  }

  /** One content column. */
  static final class Column {
    final String qualifiedName;
    final int index;
    final SemanticType type;
    final int jdbcType;
    final boolean timeOfDay;

    /**
     * Whether the column is its table's event-time column. Its value defines the row's time, so it
     * cannot lie after the seed time of an example the row is in.
     */
    final boolean timeColumn;

    final int columnId;

    /** Ids of the column name's pieces, padded with 0. */
    final int[] columnPieces;

    /**
     * Hash state after the qualified name and a separator, from which each value's hash continues.
     */
    final long valueHashPrefix;

    private Column(
        String qualifiedName,
        int index,
        ColumnSchema column,
        boolean timeColumn,
        TokenizerConfig config) {
      long nameHash = StableHash.ofName(qualifiedName);
      this.qualifiedName = qualifiedName;
      this.index = index;
      this.type = column.semanticType();
      this.jdbcType = column.jdbcType();
      this.timeOfDay = type == SemanticType.TIMESTAMP && isTimeOfDay(column);
      this.timeColumn = timeColumn;
      this.columnId = StableHash.bucket(nameHash, config.columnIdBuckets());
      this.columnPieces =
          NamePieces.ids(column.name(), config.namePieces(), config.namePieceBuckets());
      this.valueHashPrefix = StableHash.mixSeparator(nameHash);
    }

    static Column of(
        String table, int index, ColumnSchema column, boolean timeColumn, TokenizerConfig config) {
      return new Column(table + "." + column.name(), index, column, timeColumn, config);
    }

    boolean isNumeric() {
      return type == SemanticType.NUMERIC || type == SemanticType.TIMESTAMP;
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
