package io.relstream.training;

import io.relstream.masking.CellTarget;
import io.relstream.masking.MaskedExample;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of the examples that a run of training steps trained on: examples per seed table, their
 * mean number of rows, and masked cells per column. They show a skewed mix, such as a child table
 * whose examples lack their parent rows because the children arrived first. Not thread-safe.
 */
final class TrainingMix {
  private final Map<String, Long> examples = new TreeMap<>();
  private final Map<String, Long> rows = new TreeMap<>();
  private final Map<String, Long> maskedCells = new TreeMap<>();

  /** Adds the masked examples of one training batch, fresh and replayed. */
  void add(List<MaskedExample> batch) {
    for (MaskedExample masked : batch) {
      String table = masked.example().seedTable();
      examples.merge(table, 1L, Long::sum);
      rows.merge(table, (long) masked.example().rowCount(), Long::sum);
      for (CellTarget target : masked.targets()) {
        maskedCells.merge(target.column(), 1L, Long::sum);
      }
    }
  }

  /** Returns the mix as text for a log line, then starts counting anew. */
  String drain() {
    Map<String, String> meanRows = new TreeMap<>();
    examples.forEach((table, count) -> meanRows.put(table, String.format(Locale.ROOT, "%.1f",
        (double) rows.get(table) / count)));
    String text = "examples per seed table " + examples + ", mean rows per example " + meanRows
        + ", masked cells per column " + maskedCells;
    examples.clear();
    rows.clear();
    maskedCells.clear();
    return text;
  }
}
