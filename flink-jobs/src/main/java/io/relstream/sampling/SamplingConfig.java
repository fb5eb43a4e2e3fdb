package io.relstream.sampling;

import io.relstream.graph.HistoryBounds;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.io.Serializable;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param childlessTables tables that no foreign key references, whose nodes therefore never have
 *     children: the graph operators skip the state read of their child samples
 * @param childValues whether the operator at the hop before the last keeps its children's latest
 *     values in its child samples and emits those children's pieces itself ({@link #keepsChildValuesAt})
 */
public record SamplingConfig(int hops, int firstFanOut, int fanOut, int maxRows, HistoryBounds bounds,
    int cacheEntries, Set<String> childlessTables, boolean childValues) implements Serializable {

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
    childlessTables = Set.copyOf(childlessTables);
  }

  /** Creates a configuration that reads every node's child samples, whatever its table. */
  public SamplingConfig(int hops, int firstFanOut, int fanOut, int maxRows, HistoryBounds bounds, int cacheEntries) {
    this(hops, firstFanOut, fanOut, maxRows, bounds, cacheEntries, Set.of(), true);
  }

  /** Creates a configuration with the default heap cache. */
  public SamplingConfig(int hops, int firstFanOut, int fanOut, int maxRows, HistoryBounds bounds) {
    this(hops, firstFanOut, fanOut, maxRows, bounds, DEFAULT_CACHE_ENTRIES);
  }

  /**
   * Returns this configuration for a schema: the tables that no foreign key references become the
   * childless tables. A child sample can only come from a foreign key to the node's table, so the
   * samples of such a node are empty and reading them from state would only cost a RocksDB read.
   */
  public SamplingConfig forSchema(DatabaseSchema schema) {
    Set<String> childless = schema.tables().stream()
        .map(TableSchema::name)
        .filter(table -> schema.incomingKeys(table).isEmpty())
        .collect(Collectors.toSet());
    return new SamplingConfig(hops, firstFanOut, fanOut, maxRows, bounds, cacheEntries, childless, childValues);
  }

  /** Returns this configuration with child values kept or not ({@code graph.child-values}). */
  public SamplingConfig withChildValues(boolean keep) {
    return new SamplingConfig(hops, firstFanOut, fanOut, maxRows, bounds, cacheEntries, childlessTables, keep);
  }

  /**
   * Returns whether the operator at a hop keeps its children's latest values in its child samples.
   * Only the hop before the last does: its children are the walk's last rows, so it can emit their
   * pieces itself and the last hop's operator need not read each child's row. Children that a walk
   * expands further need their own node's parents and children, so a request remains for them.
   */
  public boolean keepsChildValuesAt(int hop) {
    return childValues && hop == hops - 1;
  }

  /** Returns the children per child table that the operator at a hop selects, 0 at the last hop. */
  public int fanOutAt(int hop) {
    if (hop >= hops) {
      return 0;
    }
    return hop == 0 ? firstFanOut : fanOut;
  }
}
