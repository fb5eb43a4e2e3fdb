package io.relstream.training;

import io.relstream.encoder.StepResult;
import io.relstream.encoder.TokenBatch;
import io.relstream.publish.TrainingProgress.ColumnHits;
import io.relstream.tokenize.TokenizedExample;
import java.util.Map;
import java.util.TreeMap;

/** Counts a training step's masked class targets and right predictions per column. Stateless. */
final class ColumnAccuracy {
  private ColumnAccuracy() {}

  /**
   * Returns the hits per column ({@code table.column}), sorted by column. The step's hits follow the
   * masked class targets in flat position order, the order in which this method visits the batch.
   * A step without hits, or with another number of hits than the batch has class targets, gives an
   * empty map. The map is a {@link TreeMap}, which Flink's Kryo fallback can copy, unlike {@code
   * Map.of()}.
   */
  static Map<String, ColumnHits> of(TokenBatch batch, StepResult step) {
    boolean[] hits = step.classHits();
    Map<String, int[]> counts = new TreeMap<>();
    int target = 0;
    int length = batch.length();
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      for (int t = 0; t < length; t++) {
        if (!batch.isMasked(b * length + t) || example.targetClass(t) < 0) {
          continue;
        }
        if (target == hits.length) {
          return new TreeMap<>();
        }
        int[] count = counts.computeIfAbsent(example.cellColumn(example.cellIndex(t)), column -> new int[2]);
        count[0] += hits[target++] ? 1 : 0;
        count[1]++;
      }
    }
    if (target != hits.length) {
      return new TreeMap<>();
    }
    Map<String, ColumnHits> result = new TreeMap<>();
    counts.forEach((column, count) -> result.put(column, new ColumnHits(count[0], count[1])));
    return result;
  }
}
