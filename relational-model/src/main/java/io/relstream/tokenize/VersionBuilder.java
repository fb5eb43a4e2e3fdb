package io.relstream.tokenize;

import io.relstream.schema.SemanticType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a tokenizer version from the live sketches. Vocabulary slots are sticky: a value that
 * stays among a column's most frequent keeps its slot from the previous version, and new values
 * take free slots, so that a slot's value id keeps its meaning for the model across versions.
 * Stateless.
 */
final class VersionBuilder {
  /** A value seen once cannot be learned as a class, so it gets no vocabulary slot. */
  static final long MIN_VOCABULARY_COUNT = 2;

  /** Rank of the value length that decides whether text is short. */
  static final double SHORT_TEXT_RANK = 0.9;

  private VersionBuilder() {}

  /** Returns version 0, which has no statistics: middle bins, no vocabularies. */
  static TokenizerVersion initial(Collection<TableLayout> layouts, TokenizerConfig config) {
    return build(0, new SketchSet(layouts, config), null, layouts, config);
  }

  static TokenizerVersion build(
      long number,
      SketchSet sketches,
      TokenizerVersion previous,
      Collection<TableLayout> layouts,
      TokenizerConfig config) {
    List<ColumnVersion> columns = new ArrayList<>();
    for (TableLayout layout : layouts) {
      for (TableLayout.Column column : layout.columns) {
        boolean forcedIdentifier = config.identifierColumns().contains(column.qualifiedName);
        if (column.isNumeric()) {
          NumericSketch sketch = sketches.numeric(column.qualifiedName);
          columns.add(numeric(column, sketch, forcedIdentifier, config));
        } else {
          ColumnVersion before = previous == null ? null : previous.find(column.qualifiedName);
          TextSketch sketch = sketches.text(column.qualifiedName);
          columns.add(text(column, sketch, before, forcedIdentifier, config));
        }
      }
    }
    return new TokenizerVersion(number, sketches.rows(), columns);
  }

  private static ColumnVersion numeric(
      TableLayout.Column column, NumericSketch sketch, boolean identifier, TokenizerConfig config) {
    ColumnKind kind =
        column.type == SemanticType.NUMERIC
            ? ColumnKind.NUMERIC
            : column.timeOfDay ? ColumnKind.TIME_OF_DAY : ColumnKind.TIMESTAMP;
    if (sketch.isEmpty()) {
      return new ColumnVersion(
          column.qualifiedName, kind, identifier, 0, new double[0], 0, 1, new String[0]);
    }
    int bins = config.numericBins();
    double[] ranks = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      ranks[i - 1] = (double) i / bins;
    }
    double[] edges = sketch.quantiles(ranks);
    double[] summary = sketch.quantiles(new double[] {0, 0.25, 0.5, 0.75, 1});
    double scale = summary[3] - summary[1];
    if (!(scale > 0)) {
      // Most values are equal; the full range still gives the rest a usable scale.
      scale = summary[4] - summary[0];
    }
    return new ColumnVersion(
        column.qualifiedName, kind, identifier, sketch.count(), edges, summary[2], scale,
        new String[0]);
  }

  private static ColumnVersion text(
      TableLayout.Column column,
      TextSketch sketch,
      ColumnVersion previous,
      boolean forcedIdentifier,
      TokenizerConfig config) {
    long count = sketch.count();
    double distinct = sketch.distinctEstimate();
    boolean identifier =
        forcedIdentifier
            || !config.targetColumns().contains(column.qualifiedName)
                && count >= config.identifierMinValues()
                && distinct >= config.identifierRatio() * count;
    ColumnKind kind = kind(column, sketch, identifier, config);
    String[] slots = new String[0];
    if (kind == ColumnKind.CATEGORICAL && !identifier) {
      List<String> top = sketch.topValues(config.categoryVocabulary(), MIN_VOCABULARY_COUNT);
      slots = stickySlots(top, previous, config.categoryVocabulary());
    }
    return new ColumnVersion(
        column.qualifiedName, kind, identifier, count, new double[0], 0, 1, slots);
  }

  /**
   * Returns CATEGORICAL for a declared categorical column, and for a text column whose values are
   * short, or few and not identifiers; TEXT_BAG for other text and for text without values yet.
   */
  private static ColumnKind kind(
      TableLayout.Column column, TextSketch sketch, boolean identifier, TokenizerConfig config) {
    if (column.type == SemanticType.CATEGORICAL) {
      return ColumnKind.CATEGORICAL;
    }
    if (sketch.count() == 0) {
      return ColumnKind.TEXT_BAG;
    }
    boolean shortValues = sketch.lengthQuantile(SHORT_TEXT_RANK) <= config.shortTextChars();
    boolean fewValues = sketch.distinctEstimate() <= config.categoryVocabulary();
    return shortValues || fewValues && !identifier ? ColumnKind.CATEGORICAL : ColumnKind.TEXT_BAG;
  }

  static String[] stickySlots(List<String> top, ColumnVersion previous, int size) {
    String[] slots = new String[size];
    Set<String> unplaced = new LinkedHashSet<>(top);
    if (previous != null && previous.slots.length == size) {
      for (int slot = 0; slot < size; slot++) {
        String value = previous.slots[slot];
        if (value != null && unplaced.remove(value)) {
          slots[slot] = value;
        }
      }
    }
    int free = 0;
    for (String value : unplaced) {
      while (slots[free] != null) {
        free++;
      }
      slots[free] = value;
    }
    return slots;
  }
}
