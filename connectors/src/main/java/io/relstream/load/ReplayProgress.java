package io.relstream.load;

/**
 * State of a running replay.
 *
 * @param rowsCommitted the timed rows committed so far
 * @param rowsTotal the timed rows that the replay inserts in all
 * @param eventTime the event time of the last committed row, as the CSV file writes it, or null
 *     when that row has none
 * @param rowsPerSecond the average insert rate since the first timed row
 * @param elapsedMillis the time since the first timed row
 */
public record ReplayProgress(
    long rowsCommitted, long rowsTotal, String eventTime, double rowsPerSecond, long elapsedMillis) {}
