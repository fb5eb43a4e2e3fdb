package io.relstream.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Infers each column's type from all of its non-null values: the narrowest {@link ColumnType} that
 * accepts every value, and text for a column with no values at all.
 */
final class TypeInference {

  private final List<EnumSet<ColumnType>> candidates = new ArrayList<>();
  private final boolean[] hasValue;

  TypeInference(int columnCount) {
    for (int i = 0; i < columnCount; i++) {
      candidates.add(EnumSet.complementOf(EnumSet.of(ColumnType.TEXT)));
    }
    hasValue = new boolean[columnCount];
  }

  /** Reads the remaining rows of {@code reader} and returns the type of each header column. */
  static List<ColumnType> infer(CsvTableReader reader) throws IOException {
    TypeInference inference = new TypeInference(reader.header().size());
    for (String[] row = reader.next(); row != null; row = reader.next()) {
      inference.accept(row);
    }
    return inference.types();
  }

  /**
   * Narrows the candidates by one row. A row with more fields than the header is ignored, because
   * the loader rejects it. A shorter row counts with the fields it has.
   */
  void accept(String[] row) {
    if (row.length > candidates.size()) {
      return;
    }
    for (int i = 0; i < row.length; i++) {
      String value = row[i];
      if (value != null) {
        hasValue[i] = true;
        EnumSet<ColumnType> remaining = candidates.get(i);
        if (!remaining.isEmpty()) {
          remaining.removeIf(type -> !type.accepts(value));
        }
      }
    }
  }

  List<ColumnType> types() {
    List<ColumnType> types = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      EnumSet<ColumnType> remaining = candidates.get(i);
      // EnumSet iterates in declaration order, so the first candidate is the narrowest.
      types.add(hasValue[i] && !remaining.isEmpty() ? remaining.iterator().next() : ColumnType.TEXT);
    }
    return types;
  }
}
