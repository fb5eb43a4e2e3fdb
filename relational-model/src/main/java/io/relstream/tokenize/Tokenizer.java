package io.relstream.tokenize;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns examples into tokens, one per content cell, and keeps the running per-column statistics
 * that numeric bins and z-scores depend on. Not thread-safe: use one instance per operator. Callers
 * usually {@link #observe} an example before they {@link #tokenize} it.
 */
public final class Tokenizer {
  private static final Logger LOG = LoggerFactory.getLogger(Tokenizer.class);

  private final TokenizerConfig config;
  private final Map<String, TableLayout> layouts = new HashMap<>();

  /**
   * Statistics by {@code table.column}, in schema order so snapshots of one schema are identical.
   */
  private final Map<String, ColumnStatistics> statistics = new LinkedHashMap<>();

  private final CellEncoder encoder;
  private final Set<String> tablesWithTruncatedSeeds = new HashSet<>();

  public Tokenizer(DatabaseSchema schema, TokenizerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.encoder = new CellEncoder(config);
    for (TableSchema table : schema.tables()) {
      TableLayout layout = TableLayout.of(table, config);
      layouts.put(table.name(), layout);
      for (TableLayout.Column column : layout.columns) {
        if (column.statistics != null) {
          statistics.put(column.qualifiedName, column.statistics);
        }
      }
    }
  }

  public TokenizerConfig config() {
    return config;
  }

  /**
   * Returns the size of the shared value vocabulary, which the encoder's embedding and output need.
   */
  public int vocabularySize() {
    return config.vocabularySize();
  }

  /**
   * Adds the finite numeric and timestamp values of every row to the running column statistics. A
   * row that appears in many examples, such as a popular parent, is counted every time.
   *
   * @throws IllegalArgumentException when a row's table is not in the schema
   */
  public void observe(Example example) {
    for (ExampleRow row : example.rows()) {
      TableLayout layout = layout(row, example);
      for (TableLayout.Column column : layout.columns) {
        if (column.statistics != null) {
          column.statistics.observe(CellEncoder.observableValue(column, valueAt(row, column)));
        }
      }
    }
  }

  /**
   * Returns one token per content cell: the seed row's cells first, then the other rows' cells in
   * their order, cut at {@code maxTokens}. Key columns produce no tokens. Because the seed comes
   * first, truncation drops other rows' cells before any of the seed's, unless the seed alone has
   * more than {@code maxTokens} content cells.
   *
   * @throws IllegalArgumentException when a row's table is not in the schema
   */
  public TokenizedExample tokenize(Example example) {
    TokenBuffer tokens = new TokenBuffer(config.maxTokens());
    int rowIndex = 0;
    for (ExampleRow row : example.rows()) {
      if (tokens.isFull()) {
        break;
      }
      TableLayout layout = layout(row, example);
      int before = tokens.size;
      addRow(layout, row, rowIndex, tokens);
      if (tokens.size > before) {
        rowIndex++;
      }
    }
    warnIfSeedTruncated(example);
    return new TokenizedExample(
        example.seedTable(),
        example.seedKey(),
        example.seedTimeMillis(),
        example.commitTimeMillis(),
        tokens.trim());
  }

  private void addRow(TableLayout layout, ExampleRow row, int rowIndex, TokenBuffer tokens) {
    int roleId = roleId(row);
    for (TableLayout.Column column : layout.columns) {
      if (tokens.isFull()) {
        return;
      }
      encoder.encode(column, valueAt(row, column), layout.tableId, roleId, rowIndex, tokens);
    }
  }

  /** Returns the serialized column statistics, for a checkpoint. */
  public byte[] snapshotStatistics() {
    return StatisticsSnapshot.write(statistics);
  }

  /**
   * Replaces every column's statistics with those of a snapshot. Columns missing from the snapshot
   * start empty again.
   *
   * @throws IllegalArgumentException when the snapshot cannot be read
   */
  public void restoreStatistics(byte[] snapshot) {
    for (ColumnStatistics column : statistics.values()) {
      column.reset();
    }
    StatisticsSnapshot.read(snapshot, statistics);
  }

  private TableLayout layout(ExampleRow row, Example example) {
    TableLayout layout = layouts.get(row.table());
    if (layout == null) {
      throw new IllegalArgumentException(
          "Example "
              + example.seedTable()
              + "/"
              + example.seedKey()
              + " contains a row of table "
              + row.table()
              + ", which the tokenizer's schema does not contain");
    }
    return layout;
  }

  /**
   * Returns the cell's value, or a marker that encodes as INVALID when the row has too few values.
   */
  private static Object valueAt(ExampleRow row, TableLayout.Column column) {
    Object[] values = row.values();
    return column.index < values.length ? values[column.index] : MissingValue.INSTANCE;
  }

  private static int roleId(ExampleRow row) {
    return switch (row.role()) {
      case SEED -> 0;
      case PARENT -> 1;
      case CHILD -> 2;
    };
  }

  private void warnIfSeedTruncated(Example example) {
    TableLayout seed = layouts.get(example.seedTable());
    if (seed != null
        && seed.columns.size() > config.maxTokens()
        && tablesWithTruncatedSeeds.add(example.seedTable())) {
      LOG.warn(
          "Table {} has {} content columns but maxTokens is {}, so its seed rows lose cells",
          example.seedTable(),
          seed.columns.size(),
          config.maxTokens());
    }
  }

  /** A value that a row lacks, for example after a column was added to the table. */
  private enum MissingValue {
    INSTANCE
  }
}
