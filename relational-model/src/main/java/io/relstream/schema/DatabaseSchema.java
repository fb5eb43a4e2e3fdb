package io.relstream.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tables the job reads, keyed by name, with the foreign keys between them. Immutable. */
public final class DatabaseSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, TableSchema> tables;

  public DatabaseSchema(List<TableSchema> tables) {
    Map<String, TableSchema> byName = new LinkedHashMap<>();
    for (TableSchema table : tables) {
      if (byName.put(table.name(), table) != null) {
        throw new IllegalArgumentException("Table " + table.name() + " appears twice");
      }
    }
    this.tables = Collections.unmodifiableMap(byName);
  }

  /** Returns the tables in discovery order. */
  public List<TableSchema> tables() {
    return List.copyOf(tables.values());
  }

  public boolean contains(String table) {
    return tables.containsKey(table);
  }

  /** Returns the table with this name or throws when the schema lacks it. */
  public TableSchema table(String name) {
    TableSchema table = tables.get(name);
    if (table == null) {
      throw new IllegalArgumentException("Unknown table " + name + "; known tables: " + tables.keySet());
    }
    return table;
  }

  /**
   * Returns the tables with every referenced table before the tables that reference it, where the
   * foreign keys allow (tables in a reference cycle keep discovery order).
   */
  public List<TableSchema> tablesParentsFirst() {
    List<TableSchema> ordered = new ArrayList<>();
    List<TableSchema> remaining = new ArrayList<>(tables.values());
    while (!remaining.isEmpty()) {
      TableSchema next = remaining.stream()
          .filter(table -> table.foreignKeys().stream().allMatch(fk -> fk.referencedTable().equals(table.name())
              || ordered.stream().anyMatch(done -> done.name().equals(fk.referencedTable()))))
          .findFirst()
          .orElse(remaining.get(0));
      ordered.add(next);
      remaining.remove(next);
    }
    return ordered;
  }

  /** Returns the foreign keys of other tables that reference this table, with their owning table. */
  public List<IncomingKey> incomingKeys(String parentTable) {
    List<IncomingKey> incoming = new ArrayList<>();
    for (TableSchema child : tables.values()) {
      for (ForeignKey fk : child.foreignKeys()) {
        if (fk.referencedTable().equals(parentTable)) {
          incoming.add(new IncomingKey(child.name(), fk));
        }
      }
    }
    return incoming;
  }

  /** A foreign key seen from the parent's side. */
  public record IncomingKey(String childTable, ForeignKey foreignKey) implements Serializable {}

  @Override
  public String toString() {
    return "DatabaseSchema" + tables.keySet();
  }
}
