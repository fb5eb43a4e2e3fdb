package io.relstream.training;

import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.StepResult;
import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Training and baseline statistics for the masked-cell quality run. Stateless. */
final class QualityExamples {
  private QualityExamples() {}

  /** Returns the example with its seed row alone, the input of a model without context. */
  static Example seedOnly(Example example) {
    return new Example(
        example.seedTable(),
        example.seedKey(),
        example.seedTimeMillis(),
        example.commitTimeMillis(),
        List.of(example.seed()));
  }

  /**
   * Trains a model for {@code steps} steps on batches drawn with replacement from {@code pool}, and
   * returns the loss of every step.
   */
  static float[] train(
      RelationalEncoderModel model,
      Tokenizer tokenizer,
      Masker masker,
      List<Example> pool,
      boolean withContext,
      int steps,
      int batchSize,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] losses = new float[steps];
    for (int step = 0; step < steps; step++) {
      List<MaskedExample> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        Example example = pool.get(random.nextInt(pool.size()));
        TokenizedExample tokens = tokenizer.tokenize(withContext ? example : seedOnly(example));
        batch.add(masker.mask(tokens, random));
      }
      StepResult result = model.trainStep(TokenBatch.collate(batch, tokenizer.config().maxTokens()));
      losses[step] = result.loss();
    }
    return losses;
  }

  /** Returns each column's most frequent class target among the seed cells of the examples. */
  static Map<String, Integer> modeClasses(Tokenizer tokenizer, List<Example> examples) {
    Map<String, Map<Integer, Integer>> counts = new HashMap<>();
    for (Example example : examples) {
      TokenizedExample tokens = tokenizer.tokenize(seedOnly(example));
      for (int cell : MaskedCellEvaluation.targetCells(tokens)) {
        int target = tokens.targetClass(tokens.cellFirstToken(cell));
        if (target >= 0) {
          counts
              .computeIfAbsent(tokens.cellColumn(cell), column -> new HashMap<>())
              .merge(target, 1, Integer::sum);
        }
      }
    }
    Map<String, Integer> modes = new HashMap<>();
    counts.forEach(
        (column, byClass) ->
            modes.put(
                column,
                byClass.entrySet().stream()
                    .max(Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow()
                    .getKey()));
    return modes;
  }

  /** Returns each column's median original value among the seed cells with a regression target. */
  static Map<String, Double> medians(
      Tokenizer tokenizer, DatabaseSchema schema, List<Example> examples) {
    Map<String, List<Double>> values = new HashMap<>();
    for (Example example : examples) {
      TokenizedExample tokens = tokenizer.tokenize(seedOnly(example));
      TableSchema table = schema.table(example.seedTable());
      for (int cell : MaskedCellEvaluation.targetCells(tokens)) {
        if (tokens.hasRegressionTarget(tokens.cellFirstToken(cell))) {
          String column = tokens.cellColumn(cell);
          int index = table.columnIndex(column.substring(column.indexOf('.') + 1));
          values
              .computeIfAbsent(column, name -> new ArrayList<>())
              .add(((Number) example.seed().values()[index]).doubleValue());
        }
      }
    }
    Map<String, Double> medians = new HashMap<>();
    values.forEach(
        (column, list) -> {
          double[] sorted = list.stream().mapToDouble(Double::doubleValue).toArray();
          Arrays.sort(sorted);
          medians.put(column, (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2);
        });
    return medians;
  }
}
