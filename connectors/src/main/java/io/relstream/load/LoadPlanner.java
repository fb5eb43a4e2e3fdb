package io.relstream.load;

import io.relstream.load.DatasetSchema.TableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a dataset directory into table plans in load order: selects the tables, orders them by
 * foreign keys, reads each CSV header, and infers the column types in a first pass over the file.
 */
final class LoadPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(LoadPlanner.class);

  private LoadPlanner() {}

  /** Returns plans for {@code selected} (empty = all) and the tables they reference, parents first. */
  static List<TablePlan> plan(Path datasetDirectory, DatasetSchema schema, List<String> selected) throws IOException {
    Map<String, TableSpec> tables = TopologicalOrder.withReferencedTables(schema.tables(), selected);
    if (!selected.isEmpty() && tables.size() > new HashSet<>(selected).size()) {
      LOG.info("Loading tables {} because the selected tables {} reference them",
          referencedOnly(tables, selected), selected);
    }
    Map<String, TablePlan> plans = new LinkedHashMap<>();
    for (String name : TopologicalOrder.sort(tables)) {
      TableSpec spec = tables.get(name);
      TablePlan inferred = inferTypes(datasetDirectory.resolve(spec.file()), spec, schema.nullToken());
      plans.put(name, withReferencedKeyTypes(inferred, plans));
    }
    return List.copyOf(plans.values());
  }

  private static TablePlan inferTypes(Path file, TableSpec spec, String nullToken) throws IOException {
    try (CsvTableReader reader = CsvTableReader.open(file, nullToken)) {
      List<String> columns = reader.header();
      checkColumns(file, spec, columns);
      return new TablePlan(spec, file, columns, TypeInference.infer(reader));
    }
  }

  /**
   * Gives each foreign key column the type of the primary key it references, so that the
   * constraint type-checks. Values that do not fit that type are rejected row by row.
   */
  private static TablePlan withReferencedKeyTypes(TablePlan plan, Map<String, TablePlan> parents) {
    List<ColumnType> types = new ArrayList<>(plan.types());
    plan.spec().foreignKeys().forEach((column, parentName) -> {
      // A self-reference is not in parents yet, and its key type is the one just inferred.
      TablePlan parent = parentName.equals(plan.name()) ? plan : parents.get(parentName);
      ColumnType keyType = parent.type(parent.spec().primaryKey().get(0));
      types.set(plan.indexOf(column), keyType);
    });
    return new TablePlan(plan.spec(), plan.file(), plan.columns(), types);
  }

  /** Checks the header against schema.json: the same column set, and every named key column present. */
  private static void checkColumns(Path file, TableSpec spec, List<String> header) throws IOException {
    if (!spec.columns().isEmpty() && !new HashSet<>(spec.columns()).equals(new HashSet<>(header))) {
      throw new IOException("Header of " + file + " has columns " + header
          + ", but schema.json lists " + spec.columns() + " for table '" + spec.name() + "'");
    }
    List<String> named = new ArrayList<>(spec.primaryKey());
    named.addAll(spec.foreignKeys().keySet());
    if (spec.timeColumn() != null) {
      named.add(spec.timeColumn());
    }
    for (String column : named) {
      if (!header.contains(column)) {
        throw new IOException("Column '" + column + "' of table '" + spec.name()
            + "', named as a key or time column in schema.json, is missing from the header of " + file);
      }
    }
  }

  private static List<String> referencedOnly(Map<String, TableSpec> tables, List<String> selected) {
    return tables.keySet().stream().filter(name -> !selected.contains(name)).toList();
  }
}
