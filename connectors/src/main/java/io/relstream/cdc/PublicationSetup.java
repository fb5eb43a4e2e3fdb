package io.relstream.cdc;

import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the publication that the CDC source reads before the job starts, and sets REPLICA
 * IDENTITY FULL on captured tables, because the graph needs before-images to move foreign-key
 * edges and to remove deleted rows from their parents.
 */
public final class PublicationSetup {
  private static final Logger LOG = LoggerFactory.getLogger(PublicationSetup.class);

  private PublicationSetup() {}

  /** Creates or replaces the publication so that it lists exactly the schema's tables. */
  public static void apply(Connection connection, String dbSchema, String publication, DatabaseSchema schema)
      throws SQLException {
    List<String> qualified = new ArrayList<>();
    for (TableSchema table : schema.tables()) {
      String name = quote(dbSchema) + "." + quote(table.name());
      ensureReplicaIdentityFull(connection, dbSchema, table.name(), name);
      qualified.add(name);
    }
    try (Statement statement = connection.createStatement()) {
      if (publicationExists(connection, publication)) {
        statement.execute("ALTER PUBLICATION " + quote(publication) + " SET TABLE " + String.join(", ", qualified));
      } else {
        statement.execute("CREATE PUBLICATION " + quote(publication) + " FOR TABLE " + String.join(", ", qualified));
      }
    }
    LOG.info(
        "Publication {} lists {} tables: {}",
        publication,
        qualified.size(),
        schema.tables().stream().map(TableSchema::name).collect(Collectors.joining(", ")));
  }

  private static boolean publicationExists(Connection connection, String publication) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      statement.setString(1, publication);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void ensureReplicaIdentityFull(Connection connection, String dbSchema, String table, String qualified)
      throws SQLException {
    String sql =
        "SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, dbSchema);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next() && "f".equals(rows.getString(1))) {
          return;
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE " + qualified + " REPLICA IDENTITY FULL");
    }
    LOG.info("Set REPLICA IDENTITY FULL on {}", qualified);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
