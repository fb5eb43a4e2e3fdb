package io.relstream.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one dataset load.
 *
 * @param rowsLoaded rows written per table, in load order (parents before children)
 * @param rejectedRows every row that was not written, with the reason
 * @param tablesWithoutPrimaryKey tables created without a primary key because schema.json gives
 *     none
 * @param paddedRows per table, the count of loaded rows that had fewer fields than the header and
 *     got NULL for the missing trailing fields. Tables without such rows are absent
 * @param elapsedMillis wall time of the whole load, from reading schema.json to the commit
 */
public record LoadReport(
    Map<String, Long> rowsLoaded,
    List<RejectedRow> rejectedRows,
    List<String> tablesWithoutPrimaryKey,
    Map<String, Long> paddedRows,
    long elapsedMillis) {

  public LoadReport {
    rowsLoaded = Collections.unmodifiableMap(new LinkedHashMap<>(rowsLoaded));
    rejectedRows = List.copyOf(rejectedRows);
    tablesWithoutPrimaryKey = List.copyOf(tablesWithoutPrimaryKey);
    paddedRows = Map.copyOf(paddedRows);
  }

  /** Returns the rows written to {@code table}, or 0 when the table was not loaded. */
  public long rowsLoaded(String table) {
    return rowsLoaded.getOrDefault(table, 0L);
  }

  public long totalRowsLoaded() {
    return rowsLoaded.values().stream().mapToLong(Long::longValue).sum();
  }

  public List<RejectedRow> rejectedRows(String table) {
    return rejectedRows.stream().filter(row -> row.table().equals(table)).toList();
  }

  /** Collects a report while tables load, in load order. */
  static final class Builder {
    private final Map<String, Long> rowsLoaded = new LinkedHashMap<>();
    private final List<RejectedRow> rejectedRows = new ArrayList<>();
    private final List<String> tablesWithoutPrimaryKey = new ArrayList<>();
    private final Map<String, Long> paddedRows = new LinkedHashMap<>();

    void addTable(TableReader.Result result) {
      rowsLoaded.put(result.table(), result.loaded());
      rejectedRows.addAll(result.rejected());
      if (result.padded() > 0) {
        paddedRows.put(result.table(), result.padded());
      }
    }

    void addTableWithoutPrimaryKey(String table) {
      tablesWithoutPrimaryKey.add(table);
    }

    LoadReport build(long elapsedMillis) {
      return new LoadReport(rowsLoaded, rejectedRows, tablesWithoutPrimaryKey, paddedRows, elapsedMillis);
    }
  }
}
