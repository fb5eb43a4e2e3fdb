package io.relstream.discovery;

import java.util.List;
import java.util.Map;

/**
 * The tables schema discovery reads, and the user's overrides of the catalog's time metadata.
 *
 * @param dbSchema the database schema to read, for example {@code public}
 * @param tables tables to include; empty includes every table
 * @param timeColumns table to its event-time column, overriding catalog comments
 * @param timeVia table to its time source {@code fkColumn->table.column}, overriding catalog comments
 */
public record DiscoveryOptions(
    String dbSchema, List<String> tables, Map<String, String> timeColumns, Map<String, String> timeVia) {

  public DiscoveryOptions {
    tables = List.copyOf(tables);
    timeColumns = Map.copyOf(timeColumns);
    timeVia = Map.copyOf(timeVia);
  }

  /** Returns options that read every table of a schema and take time columns from the catalog. */
  public static DiscoveryOptions allTables(String dbSchema) {
    return new DiscoveryOptions(dbSchema, List.of(), Map.of(), Map.of());
  }
}
