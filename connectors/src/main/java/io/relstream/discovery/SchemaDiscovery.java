package io.relstream.discovery;

import io.relstream.load.CatalogComments;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tables, columns, primary keys, foreign keys and event-time metadata from the JDBC catalog.
 * Tables without a primary key are skipped with a logged reason, because a graph node needs a key.
 */
public final class SchemaDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaDiscovery.class);

  private SchemaDiscovery() {}

  /** Discovers the schema of the tables that the options select. */
  public static DiscoveryResult discover(Connection connection, DiscoveryOptions options) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    List<SkippedTable> skipped = new ArrayList<>();
    Map<String, CatalogTable> found = new LinkedHashMap<>();
    for (String name : tableNames(metadata, options)) {
      CatalogTable table = CatalogTable.read(metadata, options.dbSchema(), name);
      if (table.primaryKey().isEmpty()) {
        skip(skipped, name, "it has no primary key, so its rows cannot become graph nodes");
      } else {
        found.put(name, table);
      }
    }
    List<TableSchema> tables = new ArrayList<>();
    for (CatalogTable table : found.values()) {
      tables.add(toSchema(table, found, options));
    }
    DatabaseSchema schema = new DatabaseSchema(tables);
    LOG.info("Discovered {} tables in schema {}: {}", tables.size(), options.dbSchema(), found.keySet());
    return new DiscoveryResult(schema, skipped);
  }

  private static List<String> tableNames(DatabaseMetaData metadata, DiscoveryOptions options) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = metadata.getTables(null, options.dbSchema(), "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        String name = rows.getString("TABLE_NAME");
        if (options.tables().isEmpty() || options.tables().contains(name)) {
          names.add(name);
        }
      }
    }
    for (String requested : options.tables()) {
      if (!names.contains(requested)) {
        throw new IllegalArgumentException(
            "Table " + requested + " was requested but is not in schema " + options.dbSchema());
      }
    }
    return names;
  }

  private static TableSchema toSchema(CatalogTable table, Map<String, CatalogTable> found, DiscoveryOptions options) {
    List<ForeignKey> foreignKeys = new ArrayList<>();
    for (ForeignKey fk : table.foreignKeys()) {
      if (found.containsKey(fk.referencedTable())) {
        foreignKeys.add(fk);
      } else {
        LOG.info("Ignoring foreign key {}({}) -> {}: the referenced table is not captured",
            table.name(), fk.edgeName(), fk.referencedTable());
      }
    }
    List<ColumnSchema> columns = table.columns(foreignKeys);
    String timeColumn = timeColumnOf(table, options);
    TimeVia timeVia = timeColumn == null ? timeViaOf(table, found, options) : null;
    return new TableSchema(table.name(), columns, table.primaryKey(), foreignKeys, timeColumn, timeVia);
  }

  private static String timeColumnOf(CatalogTable table, DiscoveryOptions options) {
    String column = options.timeColumns().getOrDefault(table.name(), table.commentedColumn(CatalogComments.TIME_COLUMN));
    if (column != null && !table.hasColumn(column)) {
      throw new IllegalArgumentException("Time column " + column + " of table " + table.name() + " does not exist");
    }
    return column;
  }

  private static TimeVia timeViaOf(CatalogTable table, Map<String, CatalogTable> found, DiscoveryOptions options) {
    String text = options.timeVia().get(table.name());
    String comment = table.comment();
    if (text == null && comment != null && comment.startsWith(CatalogComments.TIME_VIA_PREFIX)) {
      text = comment.substring(CatalogComments.TIME_VIA_PREFIX.length());
    }
    if (text == null) {
      return null;
    }
    TimeVia via = TimeVia.parse(text);
    CatalogTable parent = found.get(via.table());
    if (parent == null || !table.hasColumn(via.foreignKeyColumn()) || !parent.hasColumn(via.column())) {
      LOG.warn("Ignoring time source {} of table {}: the column or the table is not captured", via, table.name());
      return null;
    }
    return via;
  }

  private static void skip(List<SkippedTable> skipped, String table, String reason) {
    LOG.info("Skipping table {}: {}", table, reason);
    skipped.add(new SkippedTable(table, reason));
  }
}
