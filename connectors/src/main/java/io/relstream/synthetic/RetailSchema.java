package io.relstream.synthetic;

import io.relstream.load.CatalogComments;
import java.util.List;

/**
 * SQL text of the synthetic retail schema: five tables with primary keys, foreign keys, REPLICA
 * IDENTITY FULL and the catalog comments that name each table's event time. Short strings are
 * {@code varchar(64)}, so that schema discovery treats them as categorical.
 */
final class RetailSchema {

  static final List<String> TABLES = List.of("customers", "merchants", "products", "price_history", "orders");

  private final String schema;

  RetailSchema(String schema) {
    this.schema = schema;
  }

  String table(String name) {
    return quote(schema) + "." + quote(name);
  }

  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  String dropTables() {
    return "DROP TABLE IF EXISTS " + String.join(", ", TABLES.stream().map(this::table).toList()) + " CASCADE";
  }

  /** Returns CREATE TABLE statements, parents first, with primary keys but no foreign keys yet. */
  List<String> createTables() {
    return List.of(
        "CREATE TABLE " + table("customers") + " (customer_id integer PRIMARY KEY, segment varchar(64) NOT NULL,"
            + " home_region varchar(64) NOT NULL, usual_spending double precision NOT NULL, signed_up_at timestamp NOT NULL)",
        "CREATE TABLE " + table("merchants") + " (merchant_id integer PRIMARY KEY, name varchar(64) NOT NULL,"
            + " region varchar(64) NOT NULL, weekend_discount double precision NOT NULL)",
        "CREATE TABLE " + table("products") + " (product_id integer PRIMARY KEY, name varchar(64) NOT NULL,"
            + " category varchar(64) NOT NULL, price double precision NOT NULL)",
        "CREATE TABLE " + table("price_history") + " (price_id bigint PRIMARY KEY, product_id integer NOT NULL,"
            + " valid_from timestamp NOT NULL, price double precision NOT NULL)",
        "CREATE TABLE " + table("orders") + " (order_id bigint PRIMARY KEY, customer_id integer NOT NULL,"
            + " merchant_id integer NOT NULL, product_id integer NOT NULL, ordered_at timestamp NOT NULL,"
            + " amount double precision NOT NULL)");
  }

  /**
   * Returns the foreign keys, REPLICA IDENTITY FULL (change data capture needs the whole old row of
   * an update) and the time comments, to run after the rows are in.
   */
  List<String> constraintsAndComments() {
    return List.of(
        foreignKey("price_history", "product_id", "products", "product_id"),
        foreignKey("orders", "customer_id", "customers", "customer_id"),
        foreignKey("orders", "merchant_id", "merchants", "merchant_id"),
        foreignKey("orders", "product_id", "products", "product_id"),
        "ALTER TABLE " + table("customers") + " REPLICA IDENTITY FULL",
        "ALTER TABLE " + table("merchants") + " REPLICA IDENTITY FULL",
        "ALTER TABLE " + table("products") + " REPLICA IDENTITY FULL",
        "ALTER TABLE " + table("price_history") + " REPLICA IDENTITY FULL",
        "ALTER TABLE " + table("orders") + " REPLICA IDENTITY FULL",
        timeComment("customers", "signed_up_at"),
        timeComment("price_history", "valid_from"),
        timeComment("orders", "ordered_at"));
  }

  String copy(String name, String columns) {
    return "COPY " + table(name) + " (" + columns + ") FROM STDIN WITH (FORMAT csv)";
  }

  private String foreignKey(String child, String column, String parent, String parentColumn) {
    return "ALTER TABLE " + table(child) + " ADD FOREIGN KEY (" + column + ") REFERENCES " + table(parent)
        + " (" + parentColumn + ")";
  }

  private String timeComment(String name, String column) {
    return "COMMENT ON COLUMN " + table(name) + "." + column + " IS '" + CatalogComments.TIME_COLUMN + "'";
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
