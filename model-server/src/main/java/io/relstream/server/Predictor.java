package io.relstream.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relstream.encoder.MaskedPredictions;
import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.modelstore.LoadedModelVersion;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prediction of a request's cells with one loaded model version. It builds the example that the
 * job would build for the row (the row as seed, then its parents) and tokenizes it with the
 * version's tokenizer. It then masks the cells to predict, runs the encoder and decodes each masked
 * cell. Cells that the model
 * cannot predict (identifier columns, long text, cells cut at the token limit) are listed under
 * {@code skipped} with the reason. Not thread-safe: the caller holds the version's lock.
 */
final class Predictor {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** The key that the example's rows get. Keys produce no tokens, so the value does not reach the model. */
  private static final String REQUEST_KEY = "request";

  private Predictor() {}

  static ObjectNode predict(ServedModel served, PredictRequest request, long nowMillis) {
    LoadedModelVersion loaded = served.loaded();
    TableSchema table = request.table();
    TokenizerVersion tokenizer = loaded.tokenizer().version();
    Map<String, String> skipped = new LinkedHashMap<>();
    Object[] seedValues = request.values().clone();
    for (String column : request.predicted()) {
      String reason = unpredictable(tokenizer, table.name() + "." + column);
      if (reason != null) {
        skipped.put(column, reason);
        // A masked cell stays hidden even when it is not predicted.
        seedValues[table.columnIndex(column)] = null;
      }
    }
    TokenizedExample example = loaded.tokenizer().tokenize(example(request, seedValues, nowMillis));
    boolean[] masked = new boolean[example.cellCount()];
    Map<String, Integer> cells = new HashMap<>();
    for (int cell = 0; cell < example.cellCount() && example.cellRow(cell) == 0; cell++) {
      cells.put(example.cellColumn(cell), cell);
    }
    for (String column : request.predicted()) {
      Integer cell = cells.get(table.name() + "." + column);
      if (skipped.containsKey(column)) {
        continue;
      }
      if (cell == null) {
        skipped.put(column, "the row has more tokens than the model's limit of "
            + loaded.manifest().tokenizerConfig().maxTokens() + ", so this cell was cut");
      } else if (!example.isCellMaskable(cell)) {
        skipped.put(column, "the cell's value has no token the model predicts");
      } else {
        masked[cell] = true;
      }
    }
    TokenBatch batch = TokenBatch.collate(List.of(new MaskedExample(example, masked)),
        loaded.manifest().tokenizerConfig().maxTokens());
    MaskedPredictions outputs = loaded.model().predictMasked(batch);
    return response(served, request, example, outputs, skipped);
  }

  /** Returns why a column cannot be predicted, or null when it can. */
  private static String unpredictable(TokenizerVersion tokenizer, String qualified) {
    if (!tokenizer.isTarget(qualified)) {
      return "an identifier column (near-unique values), which the model does not learn to predict";
    }
    if (tokenizer.kind(qualified) == ColumnKind.TEXT_BAG) {
      return "long text, which the model predicts as hashed word pieces that cannot be turned back into text";
    }
    return null;
  }

  private static Example example(PredictRequest request, Object[] seedValues, long nowMillis) {
    long seedTime = seedTime(request, nowMillis);
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(new ExampleRow(request.table().name(), REQUEST_KEY, RowRole.SEED, 0, seedTime, seedValues));
    for (PredictRequest.Parent parent : request.parents()) {
      rows.add(new ExampleRow(parent.table().name(), REQUEST_KEY, RowRole.PARENT, 1, seedTime, parent.values()));
    }
    return new Example(request.table().name(), REQUEST_KEY, seedTime, nowMillis, rows);
  }

  /**
   * Returns the row's event time as the job takes it: the table's time column, or the time column
   * of the parent that its time comes through. A time column that is to be predicted is not used,
   * because the seed time would give its value away, and the tokenizer gives a cell whose value is
   * the seed time no target. Without either the time of the request is used.
   */
  private static long seedTime(PredictRequest request, long nowMillis) {
    TableSchema table = request.table();
    String timeColumn = table.timeColumn();
    if (timeColumn != null
        && !request.predicted().contains(timeColumn)
        && request.values()[table.columnIndex(timeColumn)] instanceof Long millis) {
      return millis;
    }
    TimeVia via = table.timeVia();
    if (via != null) {
      for (PredictRequest.Parent parent : request.parents()) {
        int index = parent.table().columnIndex(via.column());
        if (parent.table().name().equals(via.table()) && index >= 0 && parent.values()[index] instanceof Long millis) {
          return millis;
        }
      }
    }
    return nowMillis;
  }

  private static ObjectNode response(ServedModel served, PredictRequest request, TokenizedExample example,
      MaskedPredictions outputs, Map<String, String> skipped) {
    LoadedModelVersion loaded = served.loaded();
    CellDecoder decoder = new CellDecoder(loaded.manifest().tokenizerConfig(), loaded.tokenizer().version());
    TableSchema table = request.table();
    ObjectNode json = JSON.objectNode();
    json.put("version", served.version());
    json.put("step", loaded.manifest().step());
    json.put("tokenizerVersion", loaded.tokenizer().version().number());
    json.put("table", table.name());
    ArrayNode predictions = json.putArray("predictions");
    int lastCell = -1;
    for (int i = 0; i < outputs.size(); i++) {
      int cell = example.cellIndex(outputs.tokens()[i]);
      if (cell == lastCell) {
        continue; // A cell's first token speaks for it; only long text has more than one.
      }
      lastCell = cell;
      String qualified = example.cellColumn(cell);
      String column = qualified.substring(table.name().length() + 1);
      predictions.add(decoder.decode(qualified, table.column(column), outputs.classLogits()[i], outputs.values()[i],
          request.topK()));
    }
    ArrayNode notPredicted = json.putArray("skipped");
    skipped.forEach((column, reason) -> notPredicted.addObject().put("column", column).put("reason", reason));
    return json;
  }
}
