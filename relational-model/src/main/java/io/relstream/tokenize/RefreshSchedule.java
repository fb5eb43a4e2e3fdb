package io.relstream.tokenize;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * When the tokenizer builds its next version. Versions come geometrically at first, when the number
 * of observed rows has doubled since the last version, because early statistics change fastest;
 * then after at most {@code refreshRows} rows, and also once {@code refreshIntervalMillis} of
 * processing time have passed while rows arrived. Not thread-safe.
 */
final class RefreshSchedule {
  private final long maxRows;
  private final long intervalMillis;
  private long rowsAtVersion;
  private long versionMillis;

  RefreshSchedule(TokenizerConfig config) {
    this.maxRows = config.refreshRows();
    this.intervalMillis = config.refreshIntervalMillis();
  }

  /** Returns whether a version is due now that the sketches observed {@code rows} rows in all. */
  boolean isDue(long rows, long nowMillis) {
    long since = rows - rowsAtVersion;
    if (since <= 0) {
      return false;
    }
    long gap = Math.min(maxRows, Math.max(1, rowsAtVersion));
    return since >= gap || nowMillis - versionMillis >= intervalMillis;
  }

  /** Records that a version was built from {@code rows} rows at {@code nowMillis}. */
  void versionBuilt(long rows, long nowMillis) {
    rowsAtVersion = rows;
    versionMillis = nowMillis;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(rowsAtVersion);
    out.writeLong(versionMillis);
  }

  void read(DataInput in) throws IOException {
    rowsAtVersion = in.readLong();
    versionMillis = in.readLong();
  }
}
