package io.relstream.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads from the PostgreSQL catalog what the loader needs to know before it creates tables. */
final class CatalogQueries {

  private CatalogQueries() {}

  static boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Returns those of {@code tables} that exist in {@code schema} as tables, views or other relations. */
  static List<String> existingTables(Connection connection, String schema, List<String> tables) throws SQLException {
    String sql = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relname = ANY (?) ORDER BY c.relname";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      statement.setArray(2, connection.createArrayOf("text", tables.toArray()));
      List<String> existing = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          existing.add(rows.getString(1));
        }
      }
      return existing;
    }
  }
}
