package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A body of {@code POST /v1/predict} validated against the schema of the serving model version:
 * {@code {"table": T, "row": {column: value}, "masked": [column], "parents": [{"table": P,
 * "row": {...}}], "topK": k}}. {@link PredictBody} checks the JSON shape first, without a model
 * version. The seed row's content cells that are null, absent or listed in {@code masked} are the
 * cells to predict. Parents are rows that the seed references through its foreign keys, in the
 * order of the seed table's foreign keys, as the job builds its examples.
 *
 * @param table the seed row's table
 * @param values the seed row's values, aligned with the table's columns; null where absent
 * @param predicted the content columns to predict, in column order
 * @param parents the parent rows, in foreign-key order
 * @param topK the number of most probable classes to return per cell
 */
record PredictRequest(TableSchema table, Object[] values, List<String> predicted, List<Parent> parents, int topK) {
  /** A parent row: its table and its values aligned with that table's columns. */
  record Parent(TableSchema table, Object[] values) {}

  /**
   * Checks the shape of a request body, then reads it against a schema.
   *
   * @throws ApiException naming the problem, as {@link PredictBody#read} and {@link #read(PredictBody,
   *     DatabaseSchema)} do
   */
  static PredictRequest read(JsonNode body, DatabaseSchema schema) {
    return read(PredictBody.read(body), schema);
  }

  /**
   * Reads a shape-checked body against the serving version's schema.
   *
   * @throws ApiException naming the problem. The status is 404 for a table of the row or of a
   *     parent that the served version's schema does not have, as for an unknown table on every
   *     endpoint. It is 400 for an unknown column, a value of the wrong type for its column, a
   *     masked key column, or a parent that the table does not reference.
   */
  static PredictRequest read(PredictBody body, DatabaseSchema schema) {
    TableSchema table = table(schema, body.table(), "table");
    Object[] values = values(table, body.row(), "row");
    Set<String> masked = masked(table, body.masked());
    List<String> predicted = new ArrayList<>();
    for (ColumnSchema column : table.columns()) {
      boolean isNull = values[table.columnIndex(column.name())] == null;
      if (column.semanticType() != SemanticType.KEY && (isNull || masked.contains(column.name()))) {
        predicted.add(column.name());
      }
    }
    return new PredictRequest(table, values, predicted, parents(schema, table, body.parents()), body.topK());
  }

  private static TableSchema table(DatabaseSchema schema, String name, String field) {
    if (!schema.contains(name)) {
      throw ApiException.notFound("Unknown table '" + name + "' in field '" + field
          + "': the serving model version's schema has the tables "
          + schema.tables().stream().map(TableSchema::name).toList());
    }
    return schema.table(name);
  }

  /** Reads the row in request field {@code field} ({@code row} or {@code parents[i].row}), which error messages name. */
  private static Object[] values(TableSchema table, JsonNode row, String field) {
    Object[] values = new Object[table.columns().size()];
    for (Iterator<Map.Entry<String, JsonNode>> cells = row.fields(); cells.hasNext(); ) {
      Map.Entry<String, JsonNode> cell = cells.next();
      int index = column(table, cell.getKey(), field);
      ColumnSchema column = table.columns().get(index);
      // The seed row's cells keep the short name table.column, because the request has one seed row.
      String name = table.name() + "." + column.name() + (field.equals("row") ? "" : " in field '" + field + "'");
      values[index] = JsonCells.read(name, column, cell.getValue());
    }
    return values;
  }

  private static int column(TableSchema table, String name, String field) {
    int index = table.columnIndex(name);
    if (index < 0) {
      throw ApiException.badRequest("Unknown column '" + name + "' of table " + table.name() + " in field '" + field
          + "'; its columns are " + table.columns().stream().map(ColumnSchema::name).toList());
    }
    return index;
  }

  private static Set<String> masked(TableSchema table, List<String> names) {
    Set<String> columns = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String field = "masked[" + i + "]";
      ColumnSchema column = table.columns().get(column(table, names.get(i), field));
      if (column.semanticType() == SemanticType.KEY) {
        throw ApiException.badRequest("Column " + table.name() + "." + column.name() + " in field '" + field
            + "' is a key column, which the model does not predict; its content columns are " + table.contentColumns());
      }
      columns.add(column.name());
    }
    return columns;
  }

  private static List<Parent> parents(DatabaseSchema schema, TableSchema seed, List<PredictBody.ParentBody> parents) {
    Parent[] byForeignKey = new Parent[seed.foreignKeys().size()];
    for (int i = 0; i < parents.size(); i++) {
      PredictBody.ParentBody parent = parents.get(i);
      String field = "parents[" + i + "]";
      TableSchema table = table(schema, parent.table(), field + ".table");
      int slot = foreignKeySlot(seed, table, byForeignKey, field + ".table");
      byForeignKey[slot] = new Parent(table, values(table, parent.row(), field + ".row"));
    }
    List<Parent> ordered = new ArrayList<>();
    for (Parent parent : byForeignKey) {
      if (parent != null) {
        ordered.add(parent);
      }
    }
    return ordered;
  }

  /**
   * Returns the index of the seed table's first foreign key to the parent's table that has no
   * parent assigned yet. Error messages name {@code field}, the request field of the parent's table.
   */
  private static int foreignKeySlot(TableSchema seed, TableSchema parent, Parent[] assigned, String field) {
    List<ForeignKey> keys = seed.foreignKeys();
    boolean referenced = false;
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).referencedTable().equals(parent.name())) {
        referenced = true;
        if (assigned[i] == null) {
          return i;
        }
      }
    }
    if (referenced) {
      throw ApiException.badRequest("Too many parents of table " + parent.name() + " in field '" + field + "': table "
          + seed.name() + " references it through fewer foreign keys");
    }
    throw ApiException.badRequest("Invalid parent table " + parent.name() + " in field '" + field + "': table "
        + seed.name() + " has no foreign key to it; its parent tables are "
        + keys.stream().map(ForeignKey::referencedTable).distinct().toList());
  }
}
