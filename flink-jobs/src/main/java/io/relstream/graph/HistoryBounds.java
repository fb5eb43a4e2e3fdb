package io.relstream.graph;

import java.io.Serializable;

/**
 * Bounds of the history a node keeps for serving look-ups as of a seed time.
 *
 * @param rowVersions most versions of a node's row
 * @param retentionMillis how far before a node's newest event time a seed time may lie and still
 *     get exact answers; older versions and children are dropped when newer ones cover that span
 * @param childrenRetained most children per child table that a node keeps for sampling
 */
public record HistoryBounds(int rowVersions, long retentionMillis, int childrenRetained) implements Serializable {

  /** Returns the oldest seed time that the bounds serve exactly, saturating instead of overflowing. */
  public static long horizon(long newestEventTime, long retentionMillis) {
    if (newestEventTime == io.relstream.example.EventTime.TIMELESS) {
      return Long.MIN_VALUE;
    }
    long horizon = newestEventTime - retentionMillis;
    return horizon > newestEventTime ? Long.MIN_VALUE : horizon;
  }
}
