package io.relstream.load;

import io.relstream.load.DatasetSchema.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SQL text for creating and annotating the dataset's tables. Every identifier is double-quoted, so
 * PostgreSQL keeps the header's case, as in {@code "driverId"}.
 */
final class DdlStatements {

  private DdlStatements() {}

  static String quoteIdentifier(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Quotes a string literal; correct with standard_conforming_strings on, the default since PostgreSQL 9.1. */
  static String quoteLiteral(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  static String qualifiedName(String schema, String table) {
    return quoteIdentifier(schema) + "." + quoteIdentifier(table);
  }

  static String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema);
  }

  static String dropTables(String schema, List<String> tables) {
    return "DROP TABLE IF EXISTS "
        + tables.stream().map(table -> qualifiedName(schema, table)).collect(Collectors.joining(", "))
        + " CASCADE";
  }

  /** Returns CREATE TABLE with every column and, when schema.json gives one, the primary key. */
  static String createTable(String schema, TablePlan plan) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < plan.columns().size(); i++) {
      parts.add(quoteIdentifier(plan.columns().get(i)) + " " + plan.types().get(i).sqlName());
    }
    if (plan.spec().hasPrimaryKey()) {
      parts.add("PRIMARY KEY (" + columnList(plan.spec().primaryKey()) + ")");
    }
    return "CREATE TABLE " + qualifiedName(schema, plan.name()) + " (" + String.join(", ", parts) + ")";
  }

  /** Returns one ADD FOREIGN KEY per foreign key; {@code tables} must contain each referenced table. */
  static List<String> addForeignKeys(String schema, TablePlan plan, Map<String, TableSpec> tables) {
    List<String> statements = new ArrayList<>();
    plan.spec().foreignKeys().forEach((column, parent) -> {
      String parentKey = tables.get(parent).primaryKey().get(0);
      statements.add("ALTER TABLE " + qualifiedName(schema, plan.name()) + " ADD FOREIGN KEY ("
          + quoteIdentifier(column) + ") REFERENCES " + qualifiedName(schema, parent)
          + " (" + quoteIdentifier(parentKey) + ")");
    });
    return statements;
  }

  /** Makes updates and deletes carry the whole old row, which change data capture needs as before-image. */
  static String replicaIdentityFull(String schema, TablePlan plan) {
    return "ALTER TABLE " + qualifiedName(schema, plan.name()) + " REPLICA IDENTITY FULL";
  }

  /** Returns the comments that record the table's event time in the catalog; none when it has none. */
  static List<String> timeComments(String schema, TablePlan plan) {
    List<String> statements = new ArrayList<>();
    String table = qualifiedName(schema, plan.name());
    if (plan.spec().timeColumn() != null) {
      statements.add("COMMENT ON COLUMN " + table + "." + quoteIdentifier(plan.spec().timeColumn())
          + " IS " + quoteLiteral(CatalogComments.TIME_COLUMN));
    }
    if (plan.spec().timeVia() != null) {
      statements.add("COMMENT ON TABLE " + table + " IS "
          + quoteLiteral(CatalogComments.TIME_VIA_PREFIX + plan.spec().timeVia()));
    }
    return statements;
  }

  /** Returns COPY FROM STDIN in CSV format, where an unquoted empty field is NULL. */
  static String copyFromStdin(String schema, TablePlan plan) {
    return "COPY " + qualifiedName(schema, plan.name()) + " (" + columnList(plan.columns())
        + ") FROM STDIN WITH (FORMAT csv)";
  }

  private static String columnList(List<String> columns) {
    return columns.stream().map(DdlStatements::quoteIdentifier).collect(Collectors.joining(", "));
  }
}
