package io.relstream.training;

import io.relstream.encoder.MaskedPredictions;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.masking.MaskedExample;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.ColumnKind;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Masks one seed cell per evaluation example and scores predictions of it: a model's, or the
 * training set's column mode and median, which see no other cell. The masked cell is chosen at
 * random with a fixed seed among the seed row's single-token target cells, so every predictor is
 * scored on the same cells. Long-text cells, which are bags of word pieces, are left out.
 */
final class MaskedCellEvaluation {
  private static final double MILLIS_PER_DAY = 86_400_000d;
  private static final double MILLIS_PER_MINUTE = 60_000d;
  private static final int BATCH = 64;

  private final DatabaseSchema schema;
  private final Tokenizer tokenizer;
  private final List<Example> examples;
  private final int[] maskedCells;

  MaskedCellEvaluation(
      DatabaseSchema schema, Tokenizer tokenizer, List<Example> candidates, long seed) {
    this.schema = schema;
    this.tokenizer = tokenizer;
    SplittableRandom random = new SplittableRandom(seed);
    List<Example> chosen = new ArrayList<>();
    List<Integer> cells = new ArrayList<>();
    for (Example example : candidates) {
      TokenizedExample tokens = tokenizer.tokenize(QualityExamples.seedOnly(example));
      List<Integer> targets = targetCells(tokens);
      if (!targets.isEmpty()) {
        chosen.add(example);
        cells.add(targets.get(random.nextInt(targets.size())));
      }
    }
    this.examples = chosen;
    this.maskedCells = cells.stream().mapToInt(Integer::intValue).toArray();
  }

  int size() {
    return examples.size();
  }

  /** Returns the seed cells that can be masked and scored. */
  static List<Integer> targetCells(TokenizedExample tokens) {
    List<Integer> cells = new ArrayList<>();
    for (int cell = 0; cell < tokens.cellCount() && tokens.cellRow(cell) == 0; cell++) {
      if (tokens.isCellMaskable(cell)
          && tokens.cellKind(cell) != ColumnKind.TEXT_BAG
          && tokens.cellTokenCount(cell) == 1) {
        cells.add(cell);
      }
    }
    return cells;
  }

  /** Scores a model on the masked cells, with or without the examples' other rows. */
  ColumnScores score(RelationalEncoderModel model, boolean withContext) {
    ColumnScores scores = new ColumnScores();
    for (int start = 0; start < examples.size(); start += BATCH) {
      int end = Math.min(start + BATCH, examples.size());
      List<MaskedExample> batch = new ArrayList<>();
      for (int i = start; i < end; i++) {
        Example example = examples.get(i);
        TokenizedExample tokens =
            tokenizer.tokenize(withContext ? example : QualityExamples.seedOnly(example));
        boolean[] masked = new boolean[tokens.cellCount()];
        masked[maskedCells[i]] = true;
        batch.add(new MaskedExample(tokens, masked));
      }
      TokenBatch tokenBatch = TokenBatch.collate(batch, tokenizer.config().maxTokens());
      MaskedPredictions predictions = model.predictMasked(tokenBatch);
      for (int p = 0; p < predictions.size(); p++) {
        int index = start + predictions.examples()[p];
        TokenizedExample tokens = tokenBatch.example(predictions.examples()[p]);
        int token = predictions.tokens()[p];
        int predictedClass = bestClass(tokens, token, predictions.classLogits()[p]);
        double estimate = estimate(tokens, token, predictions.values()[p]);
        record(scores, examples.get(index), tokens, token, predictedClass, estimate);
      }
    }
    return scores;
  }

  /** Scores the training set's most frequent class and median value of each column. */
  ColumnScores scoreBaseline(Map<String, Integer> modeClasses, Map<String, Double> medians) {
    ColumnScores scores = new ColumnScores();
    for (int i = 0; i < examples.size(); i++) {
      TokenizedExample tokens = tokenizer.tokenize(QualityExamples.seedOnly(examples.get(i)));
      int cell = maskedCells[i];
      int token = tokens.cellFirstToken(cell);
      String column = tokens.cellColumn(cell);
      record(
          scores,
          examples.get(i),
          tokens,
          token,
          modeClasses.getOrDefault(column, -1),
          medians.getOrDefault(column, Double.NaN));
    }
    return scores;
  }

  private void record(
      ColumnScores scores,
      Example example,
      TokenizedExample tokens,
      int token,
      int predictedClass,
      double estimate) {
    String column = tokens.cellColumn(tokens.cellIndex(token));
    if (tokens.targetClass(token) >= 0) {
      scores.addClass(column, predictedClass == tokens.targetClass(token));
    }
    if (tokens.hasRegressionTarget(token)) {
      double actual = originalValue(example, column);
      ColumnKind kind = tokens.cellKind(tokens.cellIndex(token));
      scores.addError(column, Math.abs(estimate - actual) / unit(kind));
    }
  }

  /** Returns the class with the highest logit among those that the cell's column can take. */
  private static int bestClass(TokenizedExample tokens, int token, float[] logits) {
    int best = -1;
    for (int id : tokens.cellClassIds(tokens.cellIndex(token))) {
      if (best < 0 || logits[id] > logits[best]) {
        best = id;
      }
    }
    return best;
  }

  /**
   * Maps the regression output back to the column's scale, as the model server does: clipped to
   * the normalized range that training uses, times the scale, plus the median.
   */
  private double estimate(TokenizedExample tokens, int token, float normalized) {
    String column = tokens.cellColumn(tokens.cellIndex(token));
    TokenizerVersion version = tokenizer.version();
    double clipped = Math.max(-5, Math.min(5, normalized));
    return version.median(column) + clipped * version.scale(column);
  }

  private double originalValue(Example example, String column) {
    TableSchema table = schema.table(example.seedTable());
    String name = column.substring(column.indexOf('.') + 1);
    return ((Number) example.seed().values()[table.columnIndex(name)]).doubleValue();
  }

  /** Returns the unit that absolute errors of a column kind are reported in, in its own scale. */
  static double unit(ColumnKind kind) {
    return switch (kind) {
      case TIMESTAMP -> MILLIS_PER_DAY;
      case TIME_OF_DAY -> MILLIS_PER_MINUTE;
      default -> 1d;
    };
  }

  /** Returns the name of the unit that {@link #unit} divides by. */
  static String unitName(ColumnKind kind) {
    return switch (kind) {
      case TIMESTAMP -> "days";
      case TIME_OF_DAY -> "minutes";
      default -> "value";
    };
  }

  /** Returns each column's kind, from the evaluated cells. */
  Map<String, ColumnKind> kinds() {
    Map<String, ColumnKind> kinds = new HashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      TokenizedExample tokens = tokenizer.tokenize(QualityExamples.seedOnly(examples.get(i)));
      kinds.put(tokens.cellColumn(maskedCells[i]), tokens.cellKind(maskedCells[i]));
    }
    return kinds;
  }
}
