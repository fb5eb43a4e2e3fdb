package io.relstream.load;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link DatasetLoader#load} call. Start from {@link #defaults()} and change
 * single settings with the {@code with...} methods.
 *
 * @param schema the PostgreSQL schema that receives the tables, created when missing
 * @param dropExisting whether to drop the dataset's tables (with CASCADE) before creating them.
 *     When false and one of them exists, the load fails before it changes anything
 * @param tables the tables to load, by their schema.json names, or empty for all of them. The
 *     tables that these reference through foreign keys are always loaded too
 * @param batchSize the number of rows collected before each write to the COPY stream
 * @param padShortRows whether a row with fewer fields than the header gets NULL for its missing
 *     trailing fields. When false such a row is rejected. A row with more fields than the header is
 *     always rejected
 */
public record LoadOptions(
    String schema, boolean dropExisting, List<String> tables, int batchSize, boolean padShortRows) {

  /** Batch size of {@link #defaults()}, about 0.4 MB of buffered CSV text for rows of the F1 results table. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  public LoadOptions {
    Objects.requireNonNull(schema, "schema");
    if (schema.isBlank()) {
      throw new IllegalArgumentException("Invalid schema name '" + schema + "': it must not be blank");
    }
    tables = List.copyOf(tables);
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid batch size " + batchSize + ": it must be at least 1");
    }
  }

  /** Returns options for schema {@code public}, no drop, all tables, padding of short rows. */
  public static LoadOptions defaults() {
    return new LoadOptions("public", false, List.of(), DEFAULT_BATCH_SIZE, true);
  }

  public LoadOptions withSchema(String newSchema) {
    return new LoadOptions(newSchema, dropExisting, tables, batchSize, padShortRows);
  }

  public LoadOptions withDropExisting(boolean newDropExisting) {
    return new LoadOptions(schema, newDropExisting, tables, batchSize, padShortRows);
  }

  public LoadOptions withTables(List<String> newTables) {
    return new LoadOptions(schema, dropExisting, newTables, batchSize, padShortRows);
  }

  public LoadOptions withBatchSize(int newBatchSize) {
    return new LoadOptions(schema, dropExisting, tables, newBatchSize, padShortRows);
  }

  public LoadOptions withPadShortRows(boolean newPadShortRows) {
    return new LoadOptions(schema, dropExisting, tables, batchSize, newPadShortRows);
  }
}
