package io.relstream.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Contents of a dataset directory's schema.json: the NULL token of its CSV files and, per table,
 * the file, keys, time metadata and expected row count.
 *
 * @param nullToken how the CSV files write NULL, {@code \N} when schema.json does not say
 * @param tables the tables in schema.json order
 */
public record DatasetSchema(String nullToken, Map<String, TableSpec> tables) {

  /** File name of the schema inside a dataset directory. */
  public static final String FILE_NAME = "schema.json";

  private static final String DEFAULT_NULL_TOKEN = "\\N";
  private static final Pattern TIME_VIA = Pattern.compile("[^>]+->[^.]+\\..+");

  public DatasetSchema {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /**
   * One table of the dataset.
   *
   * @param name the table name, used unchanged as the SQL table name
   * @param file the CSV file name, relative to the dataset directory
   * @param primaryKey the primary key columns, empty when the table has no primary key
   * @param foreignKeys foreign key column to referenced table, whose single-column primary key it
   *     references
   * @param timeColumn the table's own event-time column, or null
   * @param timeVia the event time through a foreign key as {@code fkColumn->table.column}, or null
   * @param rows the row count that schema.json states, or -1 when it states none
   * @param columns the columns that schema.json lists, empty when it lists none
   */
  public record TableSpec(
      String name,
      String file,
      List<String> primaryKey,
      Map<String, String> foreignKeys,
      String timeColumn,
      String timeVia,
      long rows,
      List<String> columns) {

    public TableSpec {
      primaryKey = List.copyOf(primaryKey);
      foreignKeys = Collections.unmodifiableMap(new LinkedHashMap<>(foreignKeys));
      columns = List.copyOf(columns);
    }

    public boolean hasPrimaryKey() {
      return !primaryKey.isEmpty();
    }
  }

  /** Reads and checks {@code schema.json} in {@code datasetDirectory}. */
  public static DatasetSchema read(Path datasetDirectory) throws IOException {
    Path file = datasetDirectory.resolve(FILE_NAME);
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = new ObjectMapper().readTree(in);
    } catch (NoSuchFileException e) {
      throw new IOException("Dataset schema " + file + " not found; a dataset directory must contain " + FILE_NAME, e);
    }
    JsonNode tablesNode = root.path("tables");
    if (!tablesNode.isObject() || tablesNode.isEmpty()) {
      throw new IOException("Invalid " + file + ": it has no non-empty object 'tables'");
    }
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : tablesNode.properties()) {
      tables.put(entry.getKey(), readTable(file, entry.getKey(), entry.getValue()));
    }
    DatasetSchema schema = new DatasetSchema(root.path("null_token").asText(DEFAULT_NULL_TOKEN), tables);
    schema.checkReferences(file);
    return schema;
  }

  private static TableSpec readTable(Path file, String name, JsonNode node) throws IOException {
    String csvFile = node.path("file").asText(null);
    if (csvFile == null || csvFile.isBlank()) {
      throw new IOException("Invalid " + file + ": table '" + name + "' has no 'file'");
    }
    Map<String, String> foreignKeys = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> fk : node.path("fkeys").properties()) {
      foreignKeys.put(fk.getKey(), fk.getValue().asText());
    }
    String timeVia = textOrNull(node.path("time_via"));
    if (timeVia != null && !TIME_VIA.matcher(timeVia).matches()) {
      throw new IOException("Invalid " + file + ": table '" + name + "' has time_via '" + timeVia
          + "', expected the form fkColumn->table.column");
    }
    return new TableSpec(name, csvFile, strings(node.path("pkey")), foreignKeys,
        textOrNull(node.path("time_col")), timeVia, node.path("rows").asLong(-1), strings(node.path("columns")));
  }

  /** Checks that every foreign key references a table with a single-column primary key. */
  private void checkReferences(Path file) throws IOException {
    for (TableSpec table : tables.values()) {
      for (Map.Entry<String, String> fk : table.foreignKeys().entrySet()) {
        TableSpec parent = tables.get(fk.getValue());
        if (parent == null) {
          throw new IOException("Invalid " + file + ": foreign key " + table.name() + "." + fk.getKey()
              + " references table '" + fk.getValue() + "', which is not in the dataset");
        }
        if (parent.primaryKey().size() != 1) {
          throw new IOException("Invalid " + file + ": foreign key " + table.name() + "." + fk.getKey()
              + " references table '" + parent.name() + "', which has primary key "
              + parent.primaryKey() + " instead of a single column");
        }
      }
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(element -> values.add(element.asText()));
    return values;
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
