package io.relstream.modelstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relstream.encoder.EncoderConfig;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes and reads {@code manifest.json}. Records (the encoder config, tables, columns, foreign
 * keys and column statistics) are written by their components; the tokenizer config, which is no
 * record, field by field. NaN and infinite numbers are written as the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"}, so that strict JSON parsers accept the file. Stateless.
 */
public final class ManifestJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private ManifestJson() {}

  /** Returns the manifest as UTF-8 JSON. */
  public static byte[] write(ModelManifest manifest) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", manifest.formatVersion());
    root.put("version", manifest.version());
    root.put("step", manifest.step());
    root.put("createdAtMillis", manifest.createdAtMillis());
    root.set("encoder", MAPPER.valueToTree(manifest.encoder()));
    root.set("schema", schema(manifest.schema()));
    root.set("tokenizer", tokenizer(manifest.tokenizerConfig(), manifest.tokenizer()));
    root.set("metrics", MAPPER.valueToTree(manifest.metrics()));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write the manifest of version " + manifest.version(), e);
    }
  }

  /**
   * Reads a manifest.
   *
   * @throws IllegalArgumentException when the bytes are no manifest of a format this code reads,
   *     naming what is wrong
   */
  public static ModelManifest read(byte[] json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      int format = required(root, "formatVersion").asInt();
      if (format != ModelManifest.FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "Unsupported manifest format "
                + format
                + ": this reader reads "
                + ModelManifest.FORMAT_VERSION);
      }
      JsonNode tokenizer = required(root, "tokenizer");
      return new ModelManifest(
          format,
          required(root, "version").asLong(),
          required(root, "step").asLong(),
          required(root, "createdAtMillis").asLong(),
          MAPPER.treeToValue(required(root, "encoder"), EncoderConfig.class),
          readSchema(required(root, "schema")),
          readTokenizerConfig(required(tokenizer, "config")),
          readTokenizerVersion(tokenizer),
          MAPPER.treeToValue(required(root, "metrics"), ModelMetrics.class));
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalArgumentException("Invalid model manifest: " + e.getMessage(), e);
    }
  }

  private static JsonNode schema(DatabaseSchema schema) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("tables", MAPPER.valueToTree(schema.tables()));
    return node;
  }

  private static DatabaseSchema readSchema(JsonNode node) throws IOException {
    List<TableSchema> tables = new ArrayList<>();
    for (JsonNode table : required(node, "tables")) {
      tables.add(MAPPER.treeToValue(table, TableSchema.class));
    }
    return new DatabaseSchema(tables);
  }

  private static JsonNode tokenizer(TokenizerConfig config, TokenizerVersion version) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", version.number());
    node.put("rowsObserved", version.rowsObserved());
    node.set("config", tokenizerConfig(config));
    node.set("columns", MAPPER.valueToTree(version.columnStatistics()));
    return node;
  }

  private static TokenizerVersion readTokenizerVersion(JsonNode node) throws IOException {
    List<TokenizerVersion.ColumnStatistics> columns = new ArrayList<>();
    for (JsonNode column : required(node, "columns")) {
      columns.add(MAPPER.treeToValue(column, TokenizerVersion.ColumnStatistics.class));
    }
    return TokenizerVersion.of(
        required(node, "version").asLong(), required(node, "rowsObserved").asLong(), columns);
  }

  private static JsonNode tokenizerConfig(TokenizerConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("numericBins", config.numericBins());
    node.put("categoryVocabulary", config.categoryVocabulary());
    node.put("hashBuckets", config.hashBuckets());
    node.put("maxTokens", config.maxTokens());
    node.put("columnIdBuckets", config.columnIdBuckets());
    node.put("tableIdBuckets", config.tableIdBuckets());
    node.put("namePieceBuckets", config.namePieceBuckets());
    node.put("namePieces", config.namePieces());
    node.put("textPieces", config.textPieces());
    node.put("shortTextChars", config.shortTextChars());
    node.put("identifierRatio", config.identifierRatio());
    node.put("identifierMinValues", config.identifierMinValues());
    node.set("identifierColumns", strings(config.identifierColumns()));
    node.set("targetColumns", strings(config.targetColumns()));
    node.put("quantileK", config.quantileK());
    node.put("refreshRows", config.refreshRows());
    node.put("refreshIntervalMillis", config.refreshIntervalMillis());
    return node;
  }

  private static TokenizerConfig readTokenizerConfig(JsonNode node) {
    return TokenizerConfig.builder()
        .numericBins(required(node, "numericBins").asInt())
        .categoryVocabulary(required(node, "categoryVocabulary").asInt())
        .hashBuckets(required(node, "hashBuckets").asInt())
        .maxTokens(required(node, "maxTokens").asInt())
        .columnIdBuckets(required(node, "columnIdBuckets").asInt())
        .tableIdBuckets(required(node, "tableIdBuckets").asInt())
        .namePieceBuckets(required(node, "namePieceBuckets").asInt())
        .namePieces(required(node, "namePieces").asInt())
        .textPieces(required(node, "textPieces").asInt())
        .shortTextChars(required(node, "shortTextChars").asInt())
        .identifierRatio(required(node, "identifierRatio").asDouble())
        .identifierMinValues(required(node, "identifierMinValues").asInt())
        .identifierColumns(readStrings(required(node, "identifierColumns")))
        .targetColumns(readStrings(required(node, "targetColumns")))
        .quantileK(required(node, "quantileK").asInt())
        .refreshRows(required(node, "refreshRows").asLong())
        .refreshIntervalMillis(required(node, "refreshIntervalMillis").asLong())
        .build();
  }

  private static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private static TreeSet<String> readStrings(JsonNode array) {
    TreeSet<String> values = new TreeSet<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Invalid model manifest: missing field " + field);
    }
    return value;
  }
}
