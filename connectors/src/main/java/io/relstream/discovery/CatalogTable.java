package io.relstream.discovery;

import io.relstream.schema.ColumnSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One table as the JDBC catalog describes it, before foreign keys are checked against other tables. */
final class CatalogTable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogTable.class);

  private final String name;
  private final String comment;
  private final List<CatalogColumn> columns;
  private final List<String> primaryKey;
  private final List<ForeignKey> foreignKeys;

  private CatalogTable(
      String name, String comment, List<CatalogColumn> columns, List<String> primaryKey, List<ForeignKey> foreignKeys) {
    this.name = name;
    this.comment = comment;
    this.columns = columns;
    this.primaryKey = primaryKey;
    this.foreignKeys = foreignKeys;
  }

  static CatalogTable read(DatabaseMetaData metadata, String dbSchema, String table) throws SQLException {
    return new CatalogTable(
        table,
        tableComment(metadata, dbSchema, table),
        columns(metadata, dbSchema, table),
        primaryKey(metadata, dbSchema, table),
        foreignKeys(metadata, dbSchema, table));
  }

  private record CatalogColumn(String name, String typeName, int jdbcType, int size, boolean nullable, String comment) {}

  String name() {
    return name;
  }

  String comment() {
    return comment;
  }

  List<String> primaryKey() {
    return primaryKey;
  }

  List<ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  boolean hasColumn(String column) {
    return columns.stream().anyMatch(c -> c.name().equals(column));
  }

  /** Returns the first column whose comment equals the marker, or null. */
  String commentedColumn(String marker) {
    return columns.stream().filter(c -> marker.equals(c.comment())).map(CatalogColumn::name).findFirst().orElse(null);
  }

  /**
   * Returns the columns with semantic types: key columns are those of the primary key and of the
   * given (captured) foreign keys. Columns of types the job cannot use are left out with a log line.
   */
  List<ColumnSchema> columns(List<ForeignKey> capturedForeignKeys) {
    Set<String> keyColumns = new HashSet<>(primaryKey);
    capturedForeignKeys.forEach(fk -> keyColumns.addAll(fk.columns()));
    List<ColumnSchema> result = new ArrayList<>();
    for (CatalogColumn column : columns) {
      SemanticType type = keyColumns.contains(column.name())
          ? SemanticType.KEY
          : SemanticTypes.of(column.jdbcType(), column.typeName(), column.size());
      if (type == null) {
        LOG.warn("Leaving out column {}.{}: type {} is not supported", name, column.name(), column.typeName());
        continue;
      }
      result.add(new ColumnSchema(column.name(), column.typeName(), column.jdbcType(), type, column.nullable()));
    }
    return result;
  }

  private static String tableComment(DatabaseMetaData metadata, String dbSchema, String table) throws SQLException {
    try (ResultSet rows = metadata.getTables(null, dbSchema, table, new String[] {"TABLE"})) {
      return rows.next() ? rows.getString("REMARKS") : null;
    }
  }

  private static List<CatalogColumn> columns(DatabaseMetaData metadata, String dbSchema, String table)
      throws SQLException {
    List<CatalogColumn> columns = new ArrayList<>();
    try (ResultSet rows = metadata.getColumns(null, dbSchema, table, "%")) {
      while (rows.next()) {
        columns.add(new CatalogColumn(
            rows.getString("COLUMN_NAME"),
            rows.getString("TYPE_NAME"),
            rows.getInt("DATA_TYPE"),
            rows.getInt("COLUMN_SIZE"),
            rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
            rows.getString("REMARKS")));
      }
    }
    return columns;
  }

  private static List<String> primaryKey(DatabaseMetaData metadata, String dbSchema, String table) throws SQLException {
    Map<Short, String> bySequence = new TreeMap<>();
    try (ResultSet rows = metadata.getPrimaryKeys(null, dbSchema, table)) {
      while (rows.next()) {
        bySequence.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME"));
      }
    }
    return new ArrayList<>(bySequence.values());
  }

  private static List<ForeignKey> foreignKeys(DatabaseMetaData metadata, String dbSchema, String table)
      throws SQLException {
    Map<String, List<String[]>> byConstraint = new LinkedHashMap<>();
    Map<String, String> referencedTable = new LinkedHashMap<>();
    try (ResultSet rows = metadata.getImportedKeys(null, dbSchema, table)) {
      while (rows.next()) {
        String constraint = rows.getString("FK_NAME");
        referencedTable.put(constraint, rows.getString("PKTABLE_NAME"));
        byConstraint.computeIfAbsent(constraint, c -> new ArrayList<>())
            .add(new String[] {rows.getString("FKCOLUMN_NAME"), rows.getString("PKCOLUMN_NAME"), rows.getString("KEY_SEQ")});
      }
    }
    List<ForeignKey> foreignKeys = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> constraint : byConstraint.entrySet()) {
      List<String[]> pairs = constraint.getValue();
      pairs.sort((a, b) -> Integer.compare(Integer.parseInt(a[2]), Integer.parseInt(b[2])));
      foreignKeys.add(new ForeignKey(
          pairs.stream().map(p -> p[0]).toList(),
          referencedTable.get(constraint.getKey()),
          pairs.stream().map(p -> p[1]).toList()));
    }
    return foreignKeys;
  }
}
