package io.relstream.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads from the PostgreSQL catalog what the loader ITCase checks. Tables are named {@code schema.table}. */
final class TestCatalog {

  private TestCatalog() {}

  static String columnType(Connection connection, String schema, String table, String column) throws SQLException {
    return single(connection, "SELECT data_type FROM information_schema.columns"
        + " WHERE table_schema = ? AND table_name = ? AND column_name = ?", schema, table, column);
  }

  static List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
    String sql = "SELECT a.attname FROM pg_constraint c"
        + " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)"
        + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
        + " WHERE c.contype = 'p' AND c.conrelid = ?::regclass ORDER BY k.position";
    List<String> columns = new ArrayList<>();
    for (List<String> row : query(connection, sql, relation(schema, table))) {
      columns.add(row.get(0));
    }
    return columns;
  }

  /** Returns foreign key column to referenced {@code table.column}, for single-column foreign keys. */
  static Map<String, String> foreignKeys(Connection connection, String schema, String table) throws SQLException {
    String sql = "SELECT a.attname, p.relname || '.' || pa.attname FROM pg_constraint c"
        + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        + " JOIN pg_class p ON p.oid = c.confrelid"
        + " JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]"
        + " WHERE c.contype = 'f' AND c.conrelid = ?::regclass ORDER BY a.attname";
    Map<String, String> foreignKeys = new LinkedHashMap<>();
    for (List<String> row : query(connection, sql, relation(schema, table))) {
      foreignKeys.put(row.get(0), row.get(1));
    }
    return foreignKeys;
  }

  static String replicaIdentity(Connection connection, String schema, String table) throws SQLException {
    String sql = "SELECT relreplident::text FROM pg_class WHERE oid = ?::regclass";
    return single(connection, sql, relation(schema, table));
  }

  static String tableComment(Connection connection, String schema, String table) throws SQLException {
    return single(connection, "SELECT obj_description(?::regclass, 'pg_class')", relation(schema, table));
  }

  static String columnComment(Connection connection, String schema, String table, String column) throws SQLException {
    return single(connection, "SELECT col_description(attrelid, attnum) FROM pg_attribute"
        + " WHERE attrelid = ?::regclass AND attname = ?", relation(schema, table), column);
  }

  /** Returns the names of the tables in {@code schema}, sorted. */
  static List<String> tables(Connection connection, String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    for (List<String> row : query(connection,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", schema)) {
      names.add(row.get(0));
    }
    return names;
  }

  static long count(Connection connection, String schema, String table) throws SQLException {
    return Long.parseLong(single(connection, "SELECT count(*) FROM " + relation(schema, table)));
  }

  /** Returns every row of {@code sql} with each value as text, NULL as null. */
  static List<List<String>> query(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int width = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> row = new ArrayList<>(width);
          for (int i = 1; i <= width; i++) {
            row.add(result.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private static String single(Connection connection, String sql, String... parameters) throws SQLException {
    List<List<String>> rows = query(connection, sql, parameters);
    if (rows.size() != 1) {
      throw new IllegalStateException("Expected one row from " + sql + ", got " + rows.size());
    }
    return rows.get(0).get(0);
  }

  private static String relation(String schema, String table) {
    return DdlStatements.qualifiedName(schema, table);
  }
}
