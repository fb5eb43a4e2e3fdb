package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A body of {@code POST /v1/predict} whose JSON shape has been checked, before any model version
 * is needed: the fields are known, each has the right JSON type, {@code table} and {@code row} are
 * present, and every cell value is a JSON scalar. {@link PredictRequest} then checks the names and
 * value types against the serving version's schema.
 *
 * @param table the seed row's table name
 * @param row the seed row, column name to value
 * @param masked the columns listed in {@code masked}, in request order
 * @param parents the parent rows, in request order
 * @param topK the number of most probable classes to return per cell
 */
record PredictBody(String table, ObjectNode row, List<String> masked, List<ParentBody> parents, int topK) {
  static final int DEFAULT_TOP_K = 5;
  static final int MAX_TOP_K = 100;
  private static final Set<String> FIELDS = Set.of("table", "row", "masked", "parents", "topK");
  private static final Set<String> PARENT_FIELDS = Set.of("table", "row");

  /** A parent row as sent: its table name and its row, column name to value. */
  record ParentBody(String table, ObjectNode row) {}

  /**
   * Checks the shape of a request body.
   *
   * @throws ApiException (400) naming the field and the JSON type it needs
   */
  static PredictBody read(JsonNode body) {
    rejectUnknownFields(body, FIELDS, "the request");
    String table = tableName(body.path("table"), "table");
    ObjectNode row = row(body.path("row"), "field 'row'");
    return new PredictBody(table, row, masked(body.path("masked")), parents(body.path("parents")),
        topK(body.path("topK")));
  }

  private static String tableName(JsonNode name, String field) {
    if (name.isMissingNode()) {
      throw ApiException.badRequest("Invalid body: field '" + field + "' is missing: it must be a table name");
    }
    if (!name.isTextual()) {
      throw ApiException.badRequest("Invalid body: field '" + field + "' must be a table name, got " + name);
    }
    return name.asText();
  }

  private static ObjectNode row(JsonNode row, String where) {
    if (row.isMissingNode()) {
      throw ApiException.badRequest("Invalid body: " + where + " is missing: it must be a JSON object of column values");
    }
    if (!row.isObject()) {
      throw ApiException.badRequest("Invalid body: " + where + " must be a JSON object of column values, got "
          + typeName(row));
    }
    // No column type takes an array or an object, so such a value is rejected before the schema is known.
    for (Iterator<Map.Entry<String, JsonNode>> cells = row.fields(); cells.hasNext(); ) {
      Map.Entry<String, JsonNode> cell = cells.next();
      if (cell.getValue().isContainerNode()) {
        throw ApiException.badRequest("Invalid body: column '" + cell.getKey() + "' in " + where
            + " must have a number, string, boolean or null value, got " + typeName(cell.getValue()));
      }
    }
    return (ObjectNode) row;
  }

  private static List<String> masked(JsonNode masked) {
    List<String> columns = new ArrayList<>();
    if (masked.isMissingNode() || masked.isNull()) {
      return columns;
    }
    if (!masked.isArray()) {
      throw ApiException.badRequest("Invalid body: field 'masked' must be an array of column names, got " + masked);
    }
    for (int i = 0; i < masked.size(); i++) {
      JsonNode name = masked.get(i);
      if (!name.isTextual()) {
        throw ApiException.badRequest("Invalid body: field 'masked[" + i + "]' must be a column name, got " + name);
      }
      columns.add(name.asText());
    }
    return columns;
  }

  private static List<ParentBody> parents(JsonNode parents) {
    List<ParentBody> read = new ArrayList<>();
    if (parents.isMissingNode() || parents.isNull()) {
      return read;
    }
    if (!parents.isArray()) {
      throw ApiException.badRequest("Invalid body: field 'parents' must be an array of {\"table\", \"row\"} objects");
    }
    for (int i = 0; i < parents.size(); i++) {
      JsonNode parent = parents.get(i);
      String field = "parents[" + i + "]";
      if (!parent.isObject()) {
        throw ApiException.badRequest("Invalid body: field '" + field + "' must be a {\"table\", \"row\"} object, got "
            + parent);
      }
      rejectUnknownFields(parent, PARENT_FIELDS, "'" + field + "'");
      String table = tableName(parent.path("table"), field + ".table");
      read.add(new ParentBody(table, row(parent.path("row"), "field '" + field + ".row'")));
    }
    return read;
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

  private static void rejectUnknownFields(JsonNode object, Set<String> known, String where) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw ApiException.badRequest("Unknown field '" + name + "' in " + where + "; the fields are "
            + new TreeSet<>(known));
      }
    }
  }

  private static String typeName(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
