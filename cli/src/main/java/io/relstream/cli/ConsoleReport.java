package io.relstream.cli;

import io.relstream.load.LoadReport;
import io.relstream.load.RejectedRow;
import java.util.Map;

/** Formats reports for the console. */
final class ConsoleReport {
  private static final int MAX_REJECTED_SHOWN = 20;

  private ConsoleReport() {}

  static String describe(LoadReport report) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("loaded %,d rows into %d tables in %,d ms%n",
        report.totalRowsLoaded(), report.rowsLoaded().size(), report.elapsedMillis()));
    for (Map.Entry<String, Long> table : report.rowsLoaded().entrySet()) {
      text.append(String.format("  %-28s %,9d rows%n", table.getKey(), table.getValue()));
    }
    if (!report.tablesWithoutPrimaryKey().isEmpty()) {
      text.append("  without a primary key (the job skips them): ")
          .append(String.join(", ", report.tablesWithoutPrimaryKey())).append(System.lineSeparator());
    }
    int shown = 0;
    for (RejectedRow row : report.rejectedRows()) {
      if (shown++ == MAX_REJECTED_SHOWN) {
        text.append(String.format("  ... and %d more rejected rows%n", report.rejectedRows().size() - MAX_REJECTED_SHOWN));
        break;
      }
      text.append(String.format("  rejected %s %s: %s%n", row.table(), row.key(), row.reason()));
    }
    return text.toString().stripTrailing();
  }
}
