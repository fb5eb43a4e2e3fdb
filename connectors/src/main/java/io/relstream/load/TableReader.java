package io.relstream.load;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one table's CSV file, validates each row and passes the valid rows to a sink, so that
 * validation runs the same with or without a database.
 */
final class TableReader {

  /** Counts and rejected rows of one table's pass. */
  record Result(String table, long loaded, long padded, List<RejectedRow> rejected) {
  }

  private TableReader() {}

  /**
   * Validates every row of {@code plan}'s file against the keys in {@code loadedKeys} and writes
   * the valid ones to {@code sink}.
   *
   * @param padShortRows whether a row with fewer fields than the header gets NULL for the rest
   */
  static Result read(TablePlan plan, String nullToken, Map<String, Set<Object>> loadedKeys,
      boolean padShortRows, RowSink sink) throws IOException, SQLException {
    RowValidator validator = new RowValidator(plan, loadedKeys);
    RejectionLog rejectionLog = new RejectionLog(plan.name());
    List<RejectedRow> rejected = new ArrayList<>();
    int width = plan.columns().size();
    long loaded = 0;
    long padded = 0;
    try (CsvTableReader reader = CsvTableReader.open(plan.file(), nullToken)) {
      for (String[] row = reader.next(); row != null; row = reader.next()) {
        boolean isShort = padShortRows && row.length < width;
        if (isShort) {
          row = Arrays.copyOf(row, width);
        }
        RejectedRow rejection = validator.check(row, reader.rowNumber());
        if (rejection != null) {
          rejected.add(rejection);
          rejectionLog.log(rejection);
          continue;
        }
        sink.accept(row);
        loaded++;
        padded += isShort ? 1 : 0;
      }
    }
    sink.finish();
    rejectionLog.finish();
    return new Result(plan.name(), loaded, padded, rejected);
  }
}
