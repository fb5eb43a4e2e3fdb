package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.sampling.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;

/**
 * The heap caches of the graph operators and the assembler against no cache. A random sequence of
 * inserts, updates, foreign-key moves and deletes must give the same examples in three runs: with
 * no cache on the heap backend, with a one-entry cache that evicts on nearly every access, and
 * with the default cache. The cached runs use RocksDB, whose reads return copies, and restore
 * every operator from a snapshot halfway through.
 */
class CachedWalkTest {
  private static final int CHANGES = 600;
  private static final HistoryBounds BOUNDS = new HistoryBounds(4, 1_000_000, 8);

  @Test
  void cachedWalksMatchUncached() throws Exception {
    List<ChangeAt> changes = randomChanges(new SplittableRandom(11));
    List<Example> uncached = run(changes, config(0), false);

    List<Example> oneEntry = run(changes, config(1), true);
    List<Example> defaultCache = run(changes, config(SamplingConfig.DEFAULT_CACHE_ENTRIES), true);

    assertThat(uncached).as("examples without a cache").hasSizeGreaterThan(CHANGES / 2);
    assertThat(oneEntry).as("examples with a one-entry cache")
        .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(uncached);
    assertThat(defaultCache).as("examples with the default cache")
        .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(uncached);
  }

  private static SamplingConfig config(int cacheEntries) {
    return new SamplingConfig(2, 3, 2, 12, BOUNDS, cacheEntries);
  }

  /** Runs the changes; on RocksDB, restores every operator from a snapshot after half of them. */
  private static List<Example> run(List<ChangeAt> changes, SamplingConfig config, boolean rocksDb) throws Exception {
    List<Example> examples = new ArrayList<>();
    int half = changes.size() / 2;
    WalkDriver.Snapshot snapshot = null;
    try (WalkDriver driver = new WalkDriver(WalkTest.SCHEMA, config, null, backend(rocksDb))) {
      for (ChangeAt change : changes.subList(0, half)) {
        examples.addAll(driver.change(change.change(), change.eventTime()));
      }
      if (rocksDb) {
        snapshot = driver.snapshot(1);
      } else {
        for (ChangeAt change : changes.subList(half, changes.size())) {
          examples.addAll(driver.change(change.change(), change.eventTime()));
        }
        return examples;
      }
    }
    try (WalkDriver restored = new WalkDriver(WalkTest.SCHEMA, config, snapshot, backend(true))) {
      for (ChangeAt change : changes.subList(half, changes.size())) {
        examples.addAll(restored.change(change.change(), change.eventTime()));
      }
    }
    return examples;
  }

  private static EmbeddedRocksDBStateBackend backend(boolean rocksDb) {
    return rocksDb ? new EmbeddedRocksDBStateBackend() : null;
  }

  private record ChangeAt(RowChange change, long eventTime) {}

  /**
   * Generates valid changes of the walk schema: circuits, races, drivers and results, with updates
   * that move races and results between parents and deletes of any row. Results take their race's
   * date as event time; circuits and drivers have none.
   */
  private static List<ChangeAt> randomChanges(SplittableRandom random) {
    Map<String, Map<Long, Object[]>> rows = new TreeMap<>();
    for (String table : List.of("circuits", "races", "drivers", "results")) {
      rows.put(table, new TreeMap<>());
    }
    List<ChangeAt> changes = new ArrayList<>();
    for (int i = 0; i < CHANGES; i++) {
      long commit = 1_000_000 + i;
      int pick = random.nextInt(10);
      String table = tableOfPick(pick);
      long key = 1 + random.nextInt(table.equals("results") ? 60 : 8);
      Object[] before = rows.get(table).get(key);
      Object[] after = random.nextInt(8) == 0 ? null : row(table, key, random, i);
      RowChange change;
      if (before == null && after == null) {
        continue;
      } else if (before == null) {
        change = new RowChange(table, RowChange.Kind.INSERT, null, after, commit, false);
      } else if (after == null) {
        change = new RowChange(table, RowChange.Kind.DELETE, before, null, commit, false);
      } else {
        change = new RowChange(table, RowChange.Kind.UPDATE, before, after, commit, false);
      }
      if (after == null) {
        rows.get(table).remove(key);
      } else {
        rows.get(table).put(key, after);
      }
      changes.add(new ChangeAt(change, eventTime(table, after == null ? before : after, rows)));
    }
    return changes;
  }

  private static Object[] row(String table, long key, SplittableRandom random, int step) {
    return switch (table) {
      case "circuits" -> new Object[] {key, "circuit-" + step};
      case "races" -> new Object[] {key, 1L + random.nextInt(8), 100L * (1 + random.nextInt(20))};
      case "drivers" -> new Object[] {key, "driver-" + step};
      default -> new Object[] {key, 1L + random.nextInt(8), 1L + random.nextInt(8), (double) step};
    };
  }

  private static long eventTime(String table, Object[] row, Map<String, Map<Long, Object[]>> rows) {
    if (table.equals("races")) {
      return (Long) row[2];
    }
    if (table.equals("results")) {
      Object[] race = rows.get("races").get((Long) row[1]);
      return race == null ? 0 : (Long) race[2];
    }
    return EventTime.TIMELESS;
  }

  /** Returns the table of a draw from 0 to 9: results 6 times in 10, races twice, circuits and drivers once. */
  private static String tableOfPick(int pick) {
    if (pick == 0) {
      return "circuits";
    }
    if (pick <= 2) {
      return "races";
    }
    if (pick == 3) {
      return "drivers";
    }
    return "results";
  }
}
