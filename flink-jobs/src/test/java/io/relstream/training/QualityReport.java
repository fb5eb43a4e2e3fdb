package io.relstream.training;

import io.relstream.tokenize.ColumnKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Formats the masked-cell scores of several predictors as Markdown tables. The first predictor is
 * the baseline that relative errors divide by. Means run over the columns with at least {@link
 * #MIN_CELLS} scored cells, and columns without training cells are listed apart. Stateless.
 */
final class QualityReport {
  /** Fewer scored cells than this make a column's score too noisy to count in the mean. */
  static final int MIN_CELLS = 20;

  private QualityReport() {}

  static String markdown(
      Map<String, ColumnScores> scores,
      Map<String, ColumnKind> kinds,
      Set<String> trainedColumns,
      Map<String, float[]> losses,
      int trainingExamples,
      int steps,
      int batch) {
    List<String> predictors = new ArrayList<>(scores.keySet());
    TreeSet<String> columns = new TreeSet<>();
    scores.values().forEach(predictor -> columns.addAll(predictor.columns().keySet()));
    TreeSet<String> untrained = new TreeSet<>(columns);
    untrained.removeAll(trainedColumns);
    columns.retainAll(trainedColumns);
    ColumnScores baseline = scores.get(predictors.get(0));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "Training: %d steps of %d examples drawn from %d seeds dated before 2010.%n%n",
        steps, batch, trainingExamples));
    out.append("Columns without cells before 2010, left out: ").append(untrained).append("\n\n");
    out.append("Means run over the columns with at least ").append(MIN_CELLS)
        .append(" scored cells.\n\n");

    out.append("Accuracy (categorical values, numeric bins) per column, cells scored:\n\n| column | cells |");
    predictors.forEach(name -> out.append(' ').append(name).append(" |"));
    out.append("\n|---|---|").append("---|".repeat(predictors.size())).append('\n');
    double[] accuracySums = new double[predictors.size()];
    int accuracyColumns = 0;
    for (String column : columns) {
      long cells = baseline.column(column).classified;
      if (cells == 0) {
        continue;
      }
      boolean counted = cells >= MIN_CELLS;
      if (counted) {
        accuracyColumns++;
      }
      out.append("| ").append(column).append(" | ").append(cells).append(" |");
      for (int p = 0; p < predictors.size(); p++) {
        double accuracy = scores.get(predictors.get(p)).column(column).accuracy();
        if (counted) {
          accuracySums[p] += accuracy;
        }
        out.append(String.format(Locale.ROOT, " %.3f |", accuracy));
      }
      out.append('\n');
    }
    out.append("| mean over ").append(accuracyColumns).append(" columns | |");
    for (double sum : accuracySums) {
      out.append(String.format(Locale.ROOT, " %.3f |", sum / accuracyColumns));
    }

    out.append("\n\nMean absolute error on the original scale per column:\n\n| column | unit | cells |");
    predictors.forEach(name -> out.append(' ').append(name).append(" |"));
    out.append("\n|---|---|---|").append("---|".repeat(predictors.size())).append('\n');
    double[] relativeSums = new double[predictors.size()];
    int errorColumns = 0;
    for (String column : columns) {
      ColumnScores.Column base = baseline.column(column);
      if (base.regressed == 0) {
        continue;
      }
      boolean counted = base.regressed >= MIN_CELLS;
      if (counted) {
        errorColumns++;
      }
      out.append("| ").append(column).append(" | ")
          .append(MaskedCellEvaluation.unitName(kinds.get(column))).append(" | ")
          .append(base.regressed).append(" |");
      for (int p = 0; p < predictors.size(); p++) {
        double error = scores.get(predictors.get(p)).column(column).meanAbsoluteError();
        if (counted) {
          relativeSums[p] += error / base.meanAbsoluteError();
        }
        out.append(String.format(Locale.ROOT, " %.4g |", error));
      }
      out.append('\n');
    }
    out.append("| mean over ").append(errorColumns)
        .append(" columns of the error relative to the median's | | |");
    for (double sum : relativeSums) {
      out.append(String.format(Locale.ROOT, " %.3f |", sum / errorColumns));
    }

    out.append("\n\nTraining loss, mean of the first and of the last 100 steps:\n\n");
    losses.forEach((name, loss) -> out.append(String.format(Locale.ROOT, "- %s: %.3f, then %.3f%n",
        name, mean(loss, 0, 100), mean(loss, loss.length - 100, loss.length))));
    return out.toString();
  }

  static double mean(float[] values, int from, int to) {
    double sum = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      sum += values[i];
    }
    return sum / (to - Math.max(0, from));
  }
}
