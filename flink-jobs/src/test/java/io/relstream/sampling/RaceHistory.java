package io.relstream.sampling;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.graph.NodeKeys;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.io.Serializable;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fixed, generated change stream of a small F1-like database: circuits and drivers without time,
 * races with a date, and results that take their race's date through a foreign key. Race after race,
 * it inserts the race and its results, then updates, moves to another driver or deletes earlier
 * results and renames drivers. The same seed gives the same changes.
 */
final class RaceHistory {
  static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("circuits", List.of(key("circuitId"), text("name")), List.of("circuitId"), List.of(), null, null),
      new TableSchema("races", List.of(key("raceId"), key("circuitId"), timestamp("date")), List.of("raceId"),
          List.of(new ForeignKey(List.of("circuitId"), "circuits", List.of("circuitId"))), "date", null),
      new TableSchema("drivers", List.of(key("driverId"), text("surname")), List.of("driverId"), List.of(), null, null),
      new TableSchema("results", List.of(key("resultId"), key("raceId"), key("driverId"), number("points")),
          List.of("resultId"),
          List.of(new ForeignKey(List.of("raceId"), "races", List.of("raceId")),
              new ForeignKey(List.of("driverId"), "drivers", List.of("driverId"))),
          null, new TimeVia("raceId", "races", "date"))));

  private static final long FIRST_RACE_DATE = 1_600_000_000_000L;
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final int CIRCUITS = 4;
  private static final int DRIVERS = 12;
  private static final int RESULTS_PER_RACE = 8;
  private static final int CHANGES_AFTER_RACE = 4;

  /** A result deleted by the change at {@code index}. */
  record Deletion(int index, String result) {}

  /** A result moved from one driver to another by the change at {@code index}. */
  record Move(int index, String result, String fromDriver, String toDriver) {}

  /**
   * Rows apart from the generated ones (circuit, driver, race and result 999) that show when the hop
   * operators have applied every update sent so far. A round renames the probe driver and circuit
   * and updates the probe result. The result's example shows the new names, the driver at hop 1 and
   * the circuit at hop 2, only once both hop operators have taken the renames from their update
   * input. With one subtask per operator that input is one channel in order, so every earlier update
   * was applied too. No generated row references a probe row, so probe rounds leave the generated
   * examples as they are.
   */
  static final class Probe implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long ID = 999;
    private static final Object[] RACE = {ID, ID, FIRST_RACE_DATE - DAY};
    private static final Object[] RESULT = {ID * 100, ID, ID, 1.0};

    /** Returns the inserts of the probe rows. */
    List<RowChange> setup(long commitTimeMillis) {
      return List.of(
          new RowChange("circuits", RowChange.Kind.INSERT, null, new Object[] {ID, "probe"}, commitTimeMillis, false),
          new RowChange("drivers", RowChange.Kind.INSERT, null, new Object[] {ID, "probe"}, commitTimeMillis + 1, false),
          new RowChange("races", RowChange.Kind.INSERT, null, RACE, commitTimeMillis + 2, false),
          new RowChange("results", RowChange.Kind.INSERT, null, RESULT, commitTimeMillis + 3, false));
    }

    /**
     * Returns a round's changes. The last one updates the probe result, whose example shows whether
     * the round's renames were applied.
     */
    List<RowChange> round(long commitTimeMillis, String mark) {
      return List.of(
          new RowChange("circuits", RowChange.Kind.UPDATE, new Object[] {ID, "probe"}, new Object[] {ID, mark},
              commitTimeMillis, false),
          new RowChange("drivers", RowChange.Kind.UPDATE, new Object[] {ID, "probe"}, new Object[] {ID, mark},
              commitTimeMillis + 1, false),
          new RowChange("results", RowChange.Kind.UPDATE, RESULT, RESULT, commitTimeMillis + 2, false));
    }

    /** Returns whether the probe result's example shows the round's driver at hop 1 and circuit at hop 2. */
    boolean reached(Example example, String mark) {
      boolean driver = false;
      boolean circuit = false;
      for (ExampleRow row : example.rows()) {
        driver |= row.nodeId().equals("drivers/" + ID) && row.hop() == 1 && mark.equals(row.values()[1]);
        circuit |= row.nodeId().equals("circuits/" + ID) && row.hop() == 2 && mark.equals(row.values()[1]);
      }
      return driver && circuit;
    }
  }

  private final SplittableRandom random;
  private final List<RowChange> changes = new ArrayList<>();
  private final List<Deletion> deletions = new ArrayList<>();
  private final List<Move> moves = new ArrayList<>();
  /** Live results by node id, in insert order, with their current row. */
  private final Map<String, Object[]> liveResults = new LinkedHashMap<>();
  private final Map<Long, Object[]> driverRows = new LinkedHashMap<>();
  private long now;

  private RaceHistory(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Generates the changes of {@code races} races. */
  static RaceHistory generate(int races, long seed) {
    RaceHistory history = new RaceHistory(seed);
    history.now = FIRST_RACE_DATE;
    for (long circuit = 1; circuit <= CIRCUITS; circuit++) {
      history.insert("circuits", new Object[] {circuit, "Circuit " + circuit});
    }
    for (long driver = 1; driver <= DRIVERS; driver++) {
      Object[] row = {driver, "Driver " + driver};
      history.driverRows.put(driver, row);
      history.insert("drivers", row);
    }
    for (long race = 1; race <= races; race++) {
      history.race(race);
    }
    return history;
  }

  List<RowChange> changes() {
    return changes;
  }

  List<Deletion> deletions() {
    return deletions;
  }

  List<Move> moves() {
    return moves;
  }

  /**
   * Returns, per change, the key of the example that the change produces ({@link #exampleKey}), or
   * null for a delete, which produces none.
   */
  List<String> exampleKeys() {
    List<String> keys = new ArrayList<>();
    for (RowChange change : changes) {
      keys.add(change.kind() == RowChange.Kind.DELETE ? null : exampleKey(change));
    }
    return keys;
  }

  /** Returns the key of the example of a change: its seed's node id and the change's commit time. */
  static String exampleKey(RowChange change) {
    TableSchema table = SCHEMA.table(change.table());
    return NodeKeys.nodeId(table.name(), NodeKeys.keyOf(table, change.current())) + "@" + change.commitTimeMillis();
  }

  /** Returns the key of the example whose seed and commit time are given. */
  static String exampleKey(String seedTable, String seedKey, long commitTimeMillis) {
    return NodeKeys.nodeId(seedTable, seedKey) + "@" + commitTimeMillis;
  }

  private void race(long race) {
    long date = FIRST_RACE_DATE + race * DAY;
    // Changes are committed an hour after the race, so rows without time see the race's results.
    now = date + HOUR;
    insert("races", new Object[] {race, 1 + race % CIRCUITS, date});
    for (int i = 0; i < RESULTS_PER_RACE; i++) {
      Object[] result = {race * 100 + i, race, 1L + random.nextInt(DRIVERS), (double) random.nextInt(26)};
      liveResults.put(resultId(result), result);
      insert("results", result);
    }
    for (int i = 0; i < CHANGES_AFTER_RACE; i++) {
      int kind = random.nextInt(4);
      switch (kind) {
        case 0 -> updatePoints();
        case 1 -> moveResult();
        case 2 -> deleteResult();
        default -> renameDriver(1L + random.nextInt(DRIVERS));
      }
    }
  }

  private void updatePoints() {
    Object[] before = randomLiveResult();
    Object[] after = before.clone();
    after[3] = (double) random.nextInt(26);
    liveResults.put(resultId(after), after);
    update("results", before, after);
  }

  private void moveResult() {
    Object[] before = randomLiveResult();
    String id = resultId(before);
    if (moves.stream().anyMatch(move -> move.result().equals(id))) {
      updatePoints();
      return;
    }
    Object[] after = before.clone();
    after[2] = 1L + ((Long) before[2]) % DRIVERS;
    liveResults.put(id, after);
    moves.add(new Move(changes.size(), id, "drivers/" + before[2], "drivers/" + after[2]));
    update("results", before, after);
  }

  /** Deletes a result, then renames the driver of another result. */
  private void deleteResult() {
    Object[] row = randomLiveResult();
    String id = resultId(row);
    liveResults.remove(id);
    deletions.add(new Deletion(changes.size(), id));
    changes.add(new RowChange("results", RowChange.Kind.DELETE, row, null, nextCommit(), false));
    Object[] other = liveResults.values().stream().filter(result -> !result[2].equals(row[2])).findFirst()
        .orElseThrow(() -> new IllegalStateException("No result of another driver than " + row[2]));
    renameDriver((Long) other[2]);
  }

  private void renameDriver(long driver) {
    Object[] before = driverRows.get(driver);
    Object[] after = {driver, "Driver " + driver + " v" + changes.size()};
    driverRows.put(driver, after);
    update("drivers", before, after);
  }

  private Object[] randomLiveResult() {
    List<Object[]> rows = new ArrayList<>(liveResults.values());
    return rows.get(random.nextInt(rows.size()));
  }

  private void insert(String table, Object[] row) {
    changes.add(new RowChange(table, RowChange.Kind.INSERT, null, row, nextCommit(), false));
  }

  private void update(String table, Object[] before, Object[] after) {
    changes.add(new RowChange(table, RowChange.Kind.UPDATE, before, after, nextCommit(), false));
  }

  /** Returns a commit time unique to each change, so that every change has its own example key. */
  private long nextCommit() {
    return now + changes.size();
  }

  private static String resultId(Object[] result) {
    return "results/" + result[0];
  }

  private static ColumnSchema key(String name) {
    return new ColumnSchema(name, "int8", Types.BIGINT, SemanticType.KEY, false);
  }

  private static ColumnSchema text(String name) {
    return new ColumnSchema(name, "text", Types.VARCHAR, SemanticType.TEXT, true);
  }

  private static ColumnSchema number(String name) {
    return new ColumnSchema(name, "float8", Types.DOUBLE, SemanticType.NUMERIC, true);
  }

  private static ColumnSchema timestamp(String name) {
    return new ColumnSchema(name, "timestamp", Types.TIMESTAMP, SemanticType.TIMESTAMP, true);
  }
}
