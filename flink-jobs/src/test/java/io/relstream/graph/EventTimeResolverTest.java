package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.EventTime;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Event-time resolution through Flink's operator harness. Results take their race's date, wait for a
 * race that has not arrived, and fall back to their commit time when the wait times out.
 */
class EventTimeResolverTest {
  private static final long MAX_WAIT_MILLIS = 60_000;
  private static final long RACE_DATE = 1_000;
  private static final long COMMIT_TIME = 5_000;

  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("races",
          List.of(column("raceId", SemanticType.KEY), column("year", SemanticType.NUMERIC),
              column("date", SemanticType.TIMESTAMP)),
          List.of("raceId"), List.of(), "date", null),
      new TableSchema("drivers",
          List.of(column("driverId", SemanticType.KEY), column("surname", SemanticType.TEXT)),
          List.of("driverId"), List.of(), null, null),
      new TableSchema("results",
          List.of(column("resultId", SemanticType.KEY), column("raceId", SemanticType.KEY),
              column("driverId", SemanticType.KEY), column("points", SemanticType.NUMERIC)),
          List.of("resultId"),
          List.of(new ForeignKey(List.of("raceId"), "races", List.of("raceId")),
              new ForeignKey(List.of("driverId"), "drivers", List.of("driverId"))),
          null, new TimeVia("raceId", "races", "date"))));

  @Test
  void resultBeforeRaceTakesRaceTime() throws Exception {
    RowChange result = result(10L, 1L);
    RowChange race = race(1L, RACE_DATE);
    try (var harness = harness()) {
      harness.open();
      harness.processElement(result, 0);

      assertThat(harness.extractOutputValues()).as("output while the race is unknown").isEmpty();

      harness.processElement(race, 0);

      assertThat(harness.extractOutputValues())
          .containsExactly(new TimedChange(result, RACE_DATE), new TimedChange(race, RACE_DATE));
    }
  }

  @Test
  void resultAfterRaceTakesRaceTime() throws Exception {
    RowChange race = race(1L, RACE_DATE);
    RowChange result = result(10L, 1L);
    try (var harness = harness()) {
      harness.open();
      harness.processElement(race, 0);
      harness.processElement(result, 0);

      assertThat(harness.extractOutputValues())
          .containsExactly(new TimedChange(race, RACE_DATE), new TimedChange(result, RACE_DATE));
    }
  }

  @Test
  void pendingResultSurvivesRestore() throws Exception {
    RowChange result = result(10L, 1L);
    RowChange race = race(1L, RACE_DATE);
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(result, 0);
      snapshot = harness.snapshot(1, 1);

      assertThat(harness.extractOutputValues()).as("output before the snapshot").isEmpty();
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(race, 0);

      assertThat(restored.extractOutputValues())
          .containsExactly(new TimedChange(result, RACE_DATE), new TimedChange(race, RACE_DATE));

      // The restored timer still fires, but finds nothing left to emit.
      restored.setProcessingTime(MAX_WAIT_MILLIS);

      assertThat(restored.extractOutputValues()).hasSize(2);
    }
  }

  @Test
  void resultWithoutRaceTimesOut() throws Exception {
    RowChange result = result(10L, 1L);
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(result, 0);
      harness.setProcessingTime(MAX_WAIT_MILLIS - 1);

      assertThat(harness.extractOutputValues()).as("output before the timeout").isEmpty();

      harness.setProcessingTime(MAX_WAIT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(result, COMMIT_TIME));
    }
  }

  @Test
  void laterResultWaitsItsFullTimeout() throws Exception {
    RowChange first = result(10L, 1L);
    RowChange second = result(11L, 1L);
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(first, 0);
      harness.setProcessingTime(MAX_WAIT_MILLIS - 1);
      harness.processElement(second, 0);
      harness.setProcessingTime(MAX_WAIT_MILLIS);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(first, COMMIT_TIME));

      harness.processElement(race(1L, RACE_DATE), 0);

      assertThat(harness.extractOutputValues()).contains(new TimedChange(second, RACE_DATE));
    }
  }

  @Test
  void pendingTimeoutSurvivesRestore() throws Exception {
    RowChange result = result(10L, 1L);
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(result, 0);
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.setProcessingTime(MAX_WAIT_MILLIS);

      assertThat(restored.extractOutputValues()).containsExactly(new TimedChange(result, COMMIT_TIME));
    }
  }

  @Test
  void raceArrivingAfterTimeoutGivesNoDuplicate() throws Exception {
    RowChange result = result(10L, 1L);
    RowChange race = race(1L, RACE_DATE);
    try (var harness = harness()) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(result, 0);
      harness.setProcessingTime(MAX_WAIT_MILLIS);
      harness.processElement(race, 0);

      assertThat(harness.extractOutputValues())
          .containsExactly(new TimedChange(result, COMMIT_TIME), new TimedChange(race, RACE_DATE));
    }
  }

  @Test
  void driversAreTimeless() throws Exception {
    RowChange driver = insert("drivers", 7L, "Hamilton");
    try (var harness = harness()) {
      harness.open();
      harness.processElement(driver, 0);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(driver, EventTime.TIMELESS));
    }
  }

  @Test
  void raceWithoutDateTakesCommitTime() throws Exception {
    RowChange race = insert("races", 1L, 2009L, null);
    try (var harness = harness()) {
      harness.open();
      harness.processElement(race, 0);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(race, COMMIT_TIME));
    }
  }

  @Test
  void resultWithNullRaceTakesCommitTime() throws Exception {
    RowChange result = insert("results", 10L, null, 7L, 25.0);
    try (var harness = harness()) {
      harness.open();
      harness.processElement(result, 0);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(result, COMMIT_TIME));
      assertThat(harness.numProcessingTimeTimers()).as("timers waiting for a race").isZero();
    }
  }

  @Test
  void unusableChangeTakesCommitTime() throws Exception {
    RowChange change = RowChange.unusable("laps", RowChange.Kind.INSERT, new Object[] {"1"}, COMMIT_TIME,
        "table is not in the discovered schema");
    try (var harness = harness()) {
      harness.open();
      harness.processElement(change, 0);

      assertThat(harness.extractOutputValues()).containsExactly(new TimedChange(change, COMMIT_TIME));
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, RowChange, TimedChange> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new EventTimeResolver(SCHEMA, Duration.ofMillis(MAX_WAIT_MILLIS))),
        new TimeKeySelector(SCHEMA), Types.STRING);
  }

  private static RowChange race(long raceId, long date) {
    return insert("races", raceId, 2009L, date);
  }

  private static RowChange result(long resultId, long raceId) {
    return insert("results", resultId, raceId, 7L, 25.0);
  }

  private static RowChange insert(String table, Object... values) {
    return new RowChange(table, RowChange.Kind.INSERT, null, values, COMMIT_TIME, false);
  }

  private static ColumnSchema column(String name, SemanticType type) {
    return new ColumnSchema(name, "text", java.sql.Types.OTHER, type, true);
  }
}
