package io.relstream.training;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-column accuracy and mean absolute error of one predictor on masked cells. Accuracy counts
 * class predictions (a categorical value, or a numeric cell's quantile bin or special value). The
 * absolute error is on the column's original scale: the value's own unit for numbers, days for
 * dates and timestamps, minutes for times of day. Not thread-safe.
 */
final class ColumnScores {
  private final Map<String, Column> columns = new TreeMap<>();

  /** The running sums of one column. */
  static final class Column {
    long classified;
    long correct;
    long regressed;
    double absoluteError;

    double accuracy() {
      return classified == 0 ? Double.NaN : (double) correct / classified;
    }

    double meanAbsoluteError() {
      return regressed == 0 ? Double.NaN : absoluteError / regressed;
    }
  }

  void addClass(String column, boolean correct) {
    Column scores = columns.computeIfAbsent(column, name -> new Column());
    scores.classified++;
    if (correct) {
      scores.correct++;
    }
  }

  void addError(String column, double absoluteError) {
    Column scores = columns.computeIfAbsent(column, name -> new Column());
    scores.regressed++;
    scores.absoluteError += absoluteError;
  }

  Map<String, Column> columns() {
    return columns;
  }

  /** Returns the scores of a column, empty when it got no prediction. */
  Column column(String name) {
    return columns.getOrDefault(name, new Column());
  }
}
