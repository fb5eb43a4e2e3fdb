package io.relstream.load;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link DatasetReplayer#replay} call.
 *
 * @param load the schema, table selection, drop and padding settings, used as by
 *     {@link DatasetLoader#load}. Its batch size applies to the COPY of the tables loaded up front
 * @param rowsPerSecond the target insert rate of the timed rows, or 0 for as fast as possible
 * @param batchRows the number of timed rows committed per transaction
 * @param progressInterval the minimum time between two {@link ReplayListener#progress} calls
 */
public record ReplayOptions(LoadOptions load, double rowsPerSecond, int batchRows, Duration progressInterval) {

  /** Default rows per transaction: every row is its own transaction and its own change event batch. */
  public static final int DEFAULT_BATCH_ROWS = 1;

  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  public ReplayOptions {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(progressInterval, "progressInterval");
    if (!(rowsPerSecond >= 0) || Double.isInfinite(rowsPerSecond)) {
      throw new IllegalArgumentException(
          "Invalid rate " + rowsPerSecond + " rows per second: it must be a finite number, 0 for as fast as possible");
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("Invalid batch rows " + batchRows + ": it must be at least 1");
    }
    if (progressInterval.isNegative()) {
      throw new IllegalArgumentException("Invalid progress interval " + progressInterval + ": it must not be negative");
    }
  }

  /** Returns options with {@code load}, full speed, one row per transaction and progress every 5 s. */
  public static ReplayOptions of(LoadOptions load) {
    return new ReplayOptions(load, 0, DEFAULT_BATCH_ROWS, DEFAULT_PROGRESS_INTERVAL);
  }

  public ReplayOptions withRowsPerSecond(double newRowsPerSecond) {
    return new ReplayOptions(load, newRowsPerSecond, batchRows, progressInterval);
  }

  public ReplayOptions withBatchRows(int newBatchRows) {
    return new ReplayOptions(load, rowsPerSecond, newBatchRows, progressInterval);
  }

  public ReplayOptions withProgressInterval(Duration newProgressInterval) {
    return new ReplayOptions(load, rowsPerSecond, batchRows, newProgressInterval);
  }
}
