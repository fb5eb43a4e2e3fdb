package io.relstream.encoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flat positions ({@code b * L + t}) of the masked tokens, what the heads should predict there, and
 * the weights that average the loss per column. A target's weight is {@code 1 / (n_c * C)}, where
 * {@code n_c} counts the targets of its column c in the batch and C the columns with targets, so a
 * weighted sum is the mean over columns of each column's mean loss.
 *
 * @param classPositions positions of masked tokens with a class target
 * @param classTargets the class at each of {@code classPositions}
 * @param classColumns the index into {@code columnClassIds} of each class target's column
 * @param classWeights the per-column averaging weight of each class target
 * @param columnClassIds per column with class targets, the class ids its cells can be predicted as
 * @param regressionPositions positions of masked tokens with a regression target
 * @param regressionTargets the normalized value at each of {@code regressionPositions}
 * @param regressionWeights the per-column averaging weight of each regression target
 */
record MaskedTargets(
    long[] classPositions,
    long[] classTargets,
    long[] classColumns,
    float[] classWeights,
    int[][] columnClassIds,
    long[] regressionPositions,
    float[] regressionTargets,
    float[] regressionWeights) {

  boolean isEmpty() {
    return classPositions.length == 0 && regressionPositions.length == 0;
  }

  /** Accumulates targets with their columns. */
  static final class Builder {
    private final List<long[]> classes = new ArrayList<>();
    private final List<String> classColumnNames = new ArrayList<>();
    private final Map<String, int[]> classIdsByColumn = new HashMap<>();
    private final List<Float> regressionValues = new ArrayList<>();
    private final List<Long> regressionPositions = new ArrayList<>();
    private final List<String> regressionColumnNames = new ArrayList<>();

    /**
     * Adds a class target.
     *
     * @param column the token's column as {@code table.column}
     * @param classIds the class ids that the column's cells can be predicted as
     */
    void addClass(int position, int target, String column, int[] classIds) {
      classes.add(new long[] {position, target});
      classColumnNames.add(column);
      classIdsByColumn.putIfAbsent(column, classIds);
    }

    void addRegression(int position, float target, String column) {
      regressionPositions.add((long) position);
      regressionValues.add(target);
      regressionColumnNames.add(column);
    }

    MaskedTargets build() {
      int classCount = classes.size();
      long[] positions = new long[classCount];
      long[] targets = new long[classCount];
      Map<String, Integer> columnIndexes = new HashMap<>();
      List<int[]> columnClassIds = new ArrayList<>();
      long[] columns = new long[classCount];
      for (int i = 0; i < classCount; i++) {
        positions[i] = classes.get(i)[0];
        targets[i] = classes.get(i)[1];
        String column = classColumnNames.get(i);
        columns[i] =
            columnIndexes.computeIfAbsent(
                column,
                name -> {
                  columnClassIds.add(classIdsByColumn.get(name));
                  return columnClassIds.size() - 1;
                });
      }
      int regressionCount = regressionPositions.size();
      long[] regressionAt = new long[regressionCount];
      float[] regressionTargets = new float[regressionCount];
      for (int i = 0; i < regressionCount; i++) {
        regressionAt[i] = regressionPositions.get(i);
        regressionTargets[i] = regressionValues.get(i);
      }
      return new MaskedTargets(
          positions,
          targets,
          columns,
          columnWeights(classColumnNames),
          columnClassIds.toArray(new int[0][]),
          regressionAt,
          regressionTargets,
          columnWeights(regressionColumnNames));
    }

    /** Returns {@code 1 / (n_c * C)} per target, as the record's documentation defines it. */
    private static float[] columnWeights(List<String> columnOfTarget) {
      Map<String, Integer> counts = new HashMap<>();
      for (String column : columnOfTarget) {
        counts.merge(column, 1, Integer::sum);
      }
      float[] weights = new float[columnOfTarget.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = 1f / (counts.get(columnOfTarget.get(i)) * (float) counts.size());
      }
      return weights;
    }
  }

  @Override
  public String toString() {
    return "MaskedTargets{classes="
        + Arrays.toString(classTargets)
        + ", regression="
        + Arrays.toString(regressionTargets)
        + "}";
  }
}
