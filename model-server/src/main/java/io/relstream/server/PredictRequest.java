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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated body of {@code POST /v1/predict}, read against the schema of the serving model
 * version: {@code {"table": T, "row": {column: value}, "masked": [column], "parents": [{"table": P,
 * "row": {...}}], "topK": k}}. The seed row's content cells that are null, absent or listed in
 * {@code masked} are the cells to predict; parents are rows that the seed references through its
 * foreign keys, in the order of the seed table's foreign keys, as the job builds its examples.
 *
 * @param table the seed row's table
 * @param values the seed row's values, aligned with the table's columns; null where absent
 * @param predicted the content columns to predict, in column order
 * @param parents the parent rows, in foreign-key order
 * @param topK the number of most probable classes to return per cell
 */
record PredictRequest(TableSchema table, Object[] values, List<String> predicted, List<Parent> parents, int topK) {
  static final int DEFAULT_TOP_K = 5;
  static final int MAX_TOP_K = 100;
  private static final Set<String> FIELDS = Set.of("table", "row", "masked", "parents", "topK");

  /** A parent row: its table and its values aligned with that table's columns. */
  record Parent(TableSchema table, Object[] values) {}

  /**
   * Reads a request body.
   *
   * @throws ApiException naming the problem. The status is 404 for a table of the row or of a
   *     parent that the served version's schema does not have, as for an unknown table on every
   *     endpoint. It is 400 for an unknown field or column, a value of the wrong type, or a parent
   *     that the table does not reference.
   */
  static PredictRequest read(JsonNode body, DatabaseSchema schema) {
    rejectUnknownFields(body, FIELDS, "the request");
    TableSchema table = table(schema, body.path("table"), "table");
    JsonNode row = body.path("row");
    if (row.isMissingNode()) {
      throw ApiException.badRequest("Invalid body: field 'row' is missing: it must be a JSON object of column values");
    }
    if (!row.isObject()) {
      throw ApiException.badRequest("Invalid body: field 'row' must be a JSON object of column values, got "
          + row.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    Object[] values = values(table, row);
    Set<String> masked = masked(table, body.path("masked"));
    List<String> predicted = new ArrayList<>();
    for (ColumnSchema column : table.columns()) {
      boolean isNull = values[table.columnIndex(column.name())] == null;
      if (column.semanticType() != SemanticType.KEY && (isNull || masked.contains(column.name()))) {
        predicted.add(column.name());
      }
    }
    return new PredictRequest(table, values, predicted, parents(schema, table, body.path("parents")),
        topK(body.path("topK")));
  }

  private static TableSchema table(DatabaseSchema schema, JsonNode name, String field) {
    if (!name.isTextual()) {
      throw ApiException.badRequest("Invalid body: field '" + field + "' must be a table name, got " + name);
    }
    if (!schema.contains(name.asText())) {
      throw ApiException.notFound("Unknown table '" + name.asText() + "' in field '" + field
          + "': the serving model version's schema has the tables "
          + schema.tables().stream().map(TableSchema::name).toList());
    }
    return schema.table(name.asText());
  }

  private static Object[] values(TableSchema table, JsonNode row) {
    Object[] values = new Object[table.columns().size()];
    for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      int index = column(table, field.getKey());
      ColumnSchema column = table.columns().get(index);
      values[index] = JsonCells.read(table.name() + "." + column.name(), column, field.getValue());
    }
    return values;
  }

  private static int column(TableSchema table, String name) {
    int index = table.columnIndex(name);
    if (index < 0) {
      throw ApiException.badRequest("Unknown column '" + name + "' of table " + table.name() + "; its columns are "
          + table.columns().stream().map(ColumnSchema::name).toList());
    }
    return index;
  }

  private static Set<String> masked(TableSchema table, JsonNode masked) {
    Set<String> columns = new LinkedHashSet<>();
    if (masked.isMissingNode() || masked.isNull()) {
      return columns;
    }
    if (!masked.isArray()) {
      throw ApiException.badRequest("Invalid body: field 'masked' must be an array of column names, got " + masked);
    }
    for (JsonNode name : masked) {
      if (!name.isTextual()) {
        throw ApiException.badRequest("Invalid body: field 'masked' must hold column names, got " + name);
      }
      ColumnSchema column = table.columns().get(column(table, name.asText()));
      if (column.semanticType() == SemanticType.KEY) {
        throw ApiException.badRequest("Column " + table.name() + "." + column.name()
            + " is a key column, which the model does not predict; its content columns are " + table.contentColumns());
      }
      columns.add(column.name());
    }
    return columns;
  }

  private static List<Parent> parents(DatabaseSchema schema, TableSchema seed, JsonNode parents) {
    if (parents.isMissingNode() || parents.isNull()) {
      return List.of();
    }
    if (!parents.isArray()) {
      throw ApiException.badRequest("Invalid body: field 'parents' must be an array of {\"table\", \"row\"} objects");
    }
    Parent[] byForeignKey = new Parent[seed.foreignKeys().size()];
    for (JsonNode parent : parents) {
      if (!parent.isObject()) {
        throw ApiException.badRequest("Invalid body: each parent must be a {\"table\", \"row\"} object, got " + parent);
      }
      rejectUnknownFields(parent, Set.of("table", "row"), "a parent");
      TableSchema table = table(schema, parent.path("table"), "parents[].table");
      int slot = foreignKeySlot(seed, table, byForeignKey);
      JsonNode row = parent.path("row");
      if (!row.isObject()) {
        throw ApiException.badRequest("Invalid body: the row of parent " + table.name() + " must be a JSON object");
      }
      byForeignKey[slot] = new Parent(table, values(table, row));
    }
    List<Parent> ordered = new ArrayList<>();
    for (Parent parent : byForeignKey) {
      if (parent != null) {
        ordered.add(parent);
      }
    }
    return ordered;
  }

  /** Returns the first foreign key of the seed table to the parent's table that has no parent yet. */
  private static int foreignKeySlot(TableSchema seed, TableSchema parent, Parent[] taken) {
    List<ForeignKey> keys = seed.foreignKeys();
    boolean referenced = false;
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).referencedTable().equals(parent.name())) {
        referenced = true;
        if (taken[i] == null) {
          return i;
        }
      }
    }
    if (referenced) {
      throw ApiException.badRequest("Too many parents of table " + parent.name() + ": table " + seed.name()
          + " references it through fewer foreign keys");
    }
    throw ApiException.badRequest("Invalid parent table " + parent.name() + ": table " + seed.name()
        + " has no foreign key to it; its parent tables are "
        + keys.stream().map(ForeignKey::referencedTable).distinct().toList());
  }

  private static int topK(JsonNode topK) {
    if (topK.isMissingNode() || topK.isNull()) {
      return DEFAULT_TOP_K;
    }
    if (!topK.isIntegralNumber() || topK.asLong() < 1 || topK.asLong() > MAX_TOP_K) {
      throw ApiException.badRequest("Invalid body: field 'topK' must be an integer from 1 to " + MAX_TOP_K
          + ", got " + topK);
    }
    return topK.asInt();
  }

  private static void rejectUnknownFields(JsonNode object, Set<String> known, String what) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw ApiException.badRequest("Unknown field '" + name + "' in " + what + "; the fields are "
            + new TreeSet<>(known));
      }
    }
  }
}
