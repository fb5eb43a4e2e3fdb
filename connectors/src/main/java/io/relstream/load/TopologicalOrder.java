package io.relstream.load;

import io.relstream.load.DatasetSchema.TableSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders tables so that every table comes after the tables its foreign keys reference, keeping
 * schema.json order among tables that do not depend on each other.
 */
final class TopologicalOrder {

  private TopologicalOrder() {}

  /**
   * Returns the names of {@code tables} with parents first. A reference to a table outside
   * {@code tables} and a reference of a table to itself do not constrain the order.
   *
   * @throws IOException when foreign keys form a cycle, naming the tables in it
   */
  static List<String> sort(Map<String, TableSpec> tables) throws IOException {
    Map<String, Set<String>> pendingParents = new LinkedHashMap<>();
    for (TableSpec table : tables.values()) {
      Set<String> parents = new LinkedHashSet<>(table.foreignKeys().values());
      parents.remove(table.name());
      parents.retainAll(tables.keySet());
      pendingParents.put(table.name(), parents);
    }
    List<String> order = new ArrayList<>(tables.size());
    while (!pendingParents.isEmpty()) {
      String next = pendingParents.entrySet().stream()
          .filter(entry -> entry.getValue().isEmpty())
          .map(Map.Entry::getKey)
          .findFirst()
          .orElseThrow(() -> new IOException(
              "Foreign keys form a cycle among tables " + pendingParents.keySet()
                  + "; the loader needs an order in which parents come first"));
      order.add(next);
      pendingParents.remove(next);
      pendingParents.values().forEach(parents -> parents.remove(next));
    }
    return order;
  }

  /**
   * Returns {@code selected} plus every table they reference directly or indirectly, in
   * schema.json order. An empty selection selects all tables.
   */
  static Map<String, TableSpec> withReferencedTables(Map<String, TableSpec> all, List<String> selected) {
    if (selected.isEmpty()) {
      return all;
    }
    Set<String> names = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>();
    for (String name : selected) {
      if (!all.containsKey(name)) {
        throw new IllegalArgumentException(
            "Unknown table '" + name + "' in the table list; the dataset has " + all.keySet());
      }
      queue.add(name);
    }
    while (!queue.isEmpty()) {
      String name = queue.remove(queue.size() - 1);
      if (names.add(name)) {
        queue.addAll(all.get(name).foreignKeys().values());
      }
    }
    Map<String, TableSpec> result = new LinkedHashMap<>();
    all.forEach((name, table) -> {
      if (names.contains(name)) {
        result.put(name, table);
      }
    });
    return result;
  }
}
