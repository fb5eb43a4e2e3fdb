package io.relstream.sampling;

import io.relstream.graph.HistoryBounds;
import java.io.Serializable;

/**
 * How examples are sampled from the graph.
 *
 * @param hops foreign-key steps from the seed, 1 to 3
 * @param firstFanOut most recent children per child table taken from the seed
 * @param fanOut most recent children per child table taken from each row at hop 1 and beyond
 * @param maxRows most rows per example, the seed included
 * @param bounds the history each node keeps for serving look-ups as of the seed time
 * @param cacheEntries most entries of each graph operator subtask's write-through heap cache: nodes
 *     in the seed and hop operators, examples in flight in the assembler; 0 for no cache
 */
public record SamplingConfig(int hops, int firstFanOut, int fanOut, int maxRows, HistoryBounds bounds,
    int cacheEntries) implements Serializable {

  /** The largest number of rows per example; it keeps path segments within four digits. */
  public static final int MAX_ROWS_LIMIT = 4_096;

  /** The default of {@code graph.cache-entries}. */
  public static final int DEFAULT_CACHE_ENTRIES = 20_000;

  public SamplingConfig {
    if (hops < 1 || hops > 3) {
      throw new IllegalArgumentException("hops must be 1 to 3: " + hops);
    }
    if (maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
      throw new IllegalArgumentException("maxRows must be 1 to " + MAX_ROWS_LIMIT + ": " + maxRows);
    }
    if (cacheEntries < 0) {
      throw new IllegalArgumentException("cacheEntries must be at least 0: " + cacheEntries);
    }
  }

  /** Creates a configuration with the default heap cache. */
  public SamplingConfig(int hops, int firstFanOut, int fanOut, int maxRows, HistoryBounds bounds) {
    this(hops, firstFanOut, fanOut, maxRows, bounds, DEFAULT_CACHE_ENTRIES);
  }

  /** Returns the children per child table that the operator at a hop selects, 0 at the last hop. */
  public int fanOutAt(int hop) {
    if (hop >= hops) {
      return 0;
    }
    return hop == 0 ? firstFanOut : fanOut;
  }
}
