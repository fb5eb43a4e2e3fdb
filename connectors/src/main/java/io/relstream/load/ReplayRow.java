package io.relstream.load;

/**
 * A valid row of a timed table with its place in the replay.
 *
 * @param plan the row's table
 * @param values the row's fields in header order, null for NULL
 * @param tableRank the table's position in parents-first order
 * @param fileIndex the row's 0-based position among the valid rows of its file
 * @param eventTime the row's own event time, for reports
 * @param orderTime the later of its own event time and the order times of the timed rows it
 *     references, which is what the replay sorts by
 */
record ReplayRow(TablePlan plan, String[] values, int tableRank, int fileIndex, EventTime eventTime,
    EventTime orderTime) {

  /** Returns the primary key as {@code column=value} pairs, or an empty string without primary key. */
  String keyText() {
    StringBuilder text = new StringBuilder();
    for (int index : plan.primaryKeyIndexes()) {
      if (!text.isEmpty()) {
        text.append(", ");
      }
      text.append(plan.columns().get(index)).append('=').append(values[index] == null ? "NULL" : values[index]);
    }
    return text.toString();
  }

  ReplayedRow toReplayedRow() {
    return new ReplayedRow(plan.name(), keyText(), eventTime.text());
  }
}
