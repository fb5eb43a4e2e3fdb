package io.relstream.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the rejected rows of one table at WARN, the first few one by one and the rest as a count. */
final class RejectionLog {

  private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);

  /** Rows logged one by one per table; a broken file can reject thousands. */
  static final int LOGGED_ROWS_PER_TABLE = 20;

  private final String table;
  private long count;

  RejectionLog(String table) {
    this.table = table;
  }

  void log(RejectedRow row) {
    count++;
    if (count <= LOGGED_ROWS_PER_TABLE) {
      LOG.warn("Rejected a row of table {}, key {}: {}", table, row.key(), row.reason());
    }
  }

  /** Logs how many rejected rows were not logged one by one. */
  void finish() {
    if (count > LOGGED_ROWS_PER_TABLE) {
      LOG.warn("Rejected {} more rows of table {} without logging them; the load report lists all {}",
          count - LOGGED_ROWS_PER_TABLE, table, count);
    }
  }
}
