package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relstream.schema.ColumnSchema;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import io.relstream.tokenize.ValueIds;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the heads' outputs at one masked cell into a prediction in the column's terms. The class
 * logits cover the whole shared value vocabulary, so only the ids that the column can take are
 * kept (its quantile bins, its vocabulary slots, the special values its kind has), and softmax runs
 * over those. A numeric or timestamp column also gets the regression output on the original
 * scale: {@code median + value * scale}, with the value clipped to the range the job trains on.
 * Stateless apart from the version it decodes with.
 */
final class CellDecoder {
  /** The tokenizer clips normalized values to this magnitude, so the head never saw targets beyond it. */
  static final float MAX_ABS_NORMALIZED = 5f;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final TokenizerConfig config;
  private final TokenizerVersion version;

  CellDecoder(TokenizerConfig config, TokenizerVersion version) {
    this.config = config;
    this.version = version;
  }

  /** One value id that a column can take, with its decoded description. */
  private record Candidate(int valueId, ObjectNode description) {}

  /**
   * Returns the prediction of a cell: {@code value} (the median of the predicted bin distribution of
   * a numeric or timestamp column, the most probable value of a categorical one), the regression
   * head's {@code estimate} of a numeric or timestamp column, and the {@code topK} most probable
   * {@code classes} with their probabilities.
   *
   * @param qualified the column as {@code table.column}
   * @param logits the class logits over the whole value vocabulary
   * @param normalized the regression output, a robust-normalized value
   */
  ObjectNode decode(String qualified, ColumnSchema column, float[] logits, float normalized, int topK) {
    ColumnKind kind = version.kind(qualified);
    ObjectNode result = JSON.objectNode();
    result.put("column", column.name());
    result.put("kind", kind.name());
    List<Candidate> candidates = candidates(qualified, kind, column);
    double[] probabilities = softmax(candidates, logits);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -probabilities[i]));
    ArrayNode classes = JSON.arrayNode();
    for (int i : order.subList(0, Math.min(topK, order.size()))) {
      ObjectNode entry = candidates.get(i).description().deepCopy();
      entry.put("probability", probabilities[i]);
      classes.add(entry);
    }
    if (kind == ColumnKind.CATEGORICAL) {
      result.set("value", classes.get(0).get("value"));
    } else {
      estimate(qualified, kind, normalized, result);
      binMedian(qualified, kind, probabilities, result);
    }
    result.set("classes", classes);
    return result;
  }

  /** Adds the regression estimate on the original scale, or null values before the column had statistics. */
  private void estimate(String qualified, ColumnKind kind, float normalized, ObjectNode result) {
    if (version.binEdges(qualified).length == 0) {
      result.putNull("value");
      result.putNull("estimate");
      return;
    }
    float clipped = Math.max(-MAX_ABS_NORMALIZED, Math.min(MAX_ABS_NORMALIZED, normalized));
    double estimate = version.median(qualified) + clipped * version.scale(qualified);
    if (kind == ColumnKind.NUMERIC) {
      result.put("estimate", estimate);
    } else {
      result.put("estimate", timeText(kind, Math.round(estimate)));
    }
  }

  /** Writes milliseconds of a time column as its {@code value} is written: ISO-8601 text in UTC. */
  private static String timeText(ColumnKind kind, long millis) {
    return kind == ColumnKind.TIMESTAMP ? JsonCells.isoInstant(millis) : JsonCells.isoTime(millis);
  }

  /**
   * Sets {@code value} to the median of the predicted distribution over the bins, the point
   * prediction with the least expected absolute error. Within the bin where the cumulative
   * probability passes one half the value is interpolated linearly between the bin's edges; an
   * open-ended first or last bin gives its one finite edge. Special values do not count.
   */
  private void binMedian(String qualified, ColumnKind kind, double[] probabilities, ObjectNode result) {
    double[] edges = version.binEdges(qualified);
    if (edges.length == 0) {
      return;
    }
    // The bins are the first candidates, in bin order.
    int bins = config.numericBins();
    double total = 0;
    for (int bin = 0; bin < bins; bin++) {
      total += probabilities[bin];
    }
    double cumulative = 0;
    double median = edges[edges.length - 1];
    for (int bin = 0; bin < bins; bin++) {
      double share = probabilities[bin] / total;
      if (cumulative + share >= 0.5) {
        double lower = bin == 0 ? edges[0] : edges[Math.min(bin, edges.length) - 1];
        double upper = bin < edges.length ? edges[bin] : lower;
        double fraction = share > 0 ? (0.5 - cumulative) / share : 0;
        median = bin == 0 ? upper : lower + fraction * (upper - lower);
        break;
      }
      cumulative += share;
    }
    if (kind == ColumnKind.NUMERIC) {
      result.put("value", median);
      return;
    }
    result.put("value", timeText(kind, Math.round(median)));
  }

  private List<Candidate> candidates(String qualified, ColumnKind kind, ColumnSchema column) {
    List<Candidate> candidates = new ArrayList<>();
    switch (kind) {
      case NUMERIC, TIMESTAMP, TIME_OF_DAY -> {
        addBins(qualified, kind, candidates);
        if (kind == ColumnKind.NUMERIC) {
          candidates.add(special(ValueIds.NAN, "NAN", JSON.textNode("NaN")));
          candidates.add(special(ValueIds.POS_INF, "INFINITY", JSON.textNode("Infinity")));
          candidates.add(special(ValueIds.NEG_INF, "-INFINITY", JSON.textNode("-Infinity")));
        }
      }
      case CATEGORICAL -> addVocabulary(qualified, column, candidates);
      case TEXT_BAG -> throw new IllegalArgumentException("Column " + qualified + " is long text, which is not decoded");
    }
    if (column.nullable()) {
      candidates.add(special(ValueIds.NULL, "NULL", JSON.nullNode()));
    }
    return candidates;
  }

  private void addBins(String qualified, ColumnKind kind, List<Candidate> candidates) {
    double[] edges = version.binEdges(qualified);
    for (int bin = 0; bin < config.numericBins(); bin++) {
      ObjectNode description = JSON.objectNode();
      description.put("bin", bin);
      if (edges.length == 0) {
        // Before the column had values every number falls into the middle bin, which has no range yet.
        description.putNull("from");
        description.putNull("to");
      } else {
        boundary(description, "from", bin == 0 ? null : edges[Math.min(bin, edges.length) - 1], kind);
        boundary(description, "to", bin < edges.length ? edges[bin] : null, kind);
      }
      candidates.add(new Candidate(config.firstBinId() + bin, description));
    }
  }

  /** Writes a bin boundary: a number, or ISO-8601 text for time columns; null for an open end. */
  private static void boundary(ObjectNode description, String field, Double edge, ColumnKind kind) {
    if (edge == null) {
      description.putNull(field);
    } else if (kind == ColumnKind.TIMESTAMP) {
      description.put(field, JsonCells.isoInstant(Math.round(edge)));
    } else if (kind == ColumnKind.TIME_OF_DAY) {
      description.put(field, JsonCells.isoTime(Math.round(edge)));
    } else {
      description.put(field, edge);
    }
  }

  private void addVocabulary(String qualified, ColumnSchema column, List<Candidate> candidates) {
    boolean bool = column.jdbcType() == Types.BOOLEAN || column.jdbcType() == Types.BIT;
    List<String> slots = version.vocabulary(qualified);
    for (int slot = 0; slot < slots.size(); slot++) {
      String value = slots.get(slot);
      if (value != null) {
        ObjectNode description = JSON.objectNode();
        description.set("value", bool ? JSON.booleanNode(Boolean.parseBoolean(value)) : JSON.textNode(value));
        candidates.add(new Candidate(config.firstSlotId() + slot, description));
      }
    }
    candidates.add(special(ValueIds.OOV, "OTHER", JSON.nullNode()));
    if (!bool) {
      candidates.add(special(ValueIds.EMPTY, "EMPTY", JSON.textNode("")));
    }
  }

  private static Candidate special(int valueId, String name, JsonNode value) {
    ObjectNode description = JSON.objectNode();
    description.set("value", value);
    description.put("special", name);
    return new Candidate(valueId, description);
  }

  private static double[] softmax(List<Candidate> candidates, float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate candidate : candidates) {
      max = Math.max(max, logits[candidate.valueId()]);
    }
    double[] probabilities = new double[candidates.size()];
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = Math.exp(logits[candidates.get(i).valueId()] - max);
      sum += probabilities[i];
    }
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] /= sum;
    }
    return probabilities;
  }
}
