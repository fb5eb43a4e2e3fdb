package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.EventTime;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Parent look-up through Flink's operator harness, with rows served as of a seed time, deletes and restore. */
class ParentLookupFunctionTest {
  private static final String RACE = "races/1";
  private static final long RACE_TIME = 1_000;
  private static final Object[] RACE_VALUES = {1L, 2009L, RACE_TIME};

  @Test
  void servesRowAsParent() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", RACE, 2_000), 0);

      assertThat(harness.extractOutputValues()).containsExactly(raceFor("results/10#1"));
    }
  }

  @Test
  void servesRowAtSeedTime() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", RACE, RACE_TIME), 0);

      assertThat(harness.extractOutputValues()).containsExactly(raceFor("results/10#1"));
    }
  }

  @Test
  void unknownParentGivesEmptyPiece() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", "races/2", 2_000), 0);

      assertThat(harness.extractOutputValues()).containsExactly(new ExamplePiece("results/10#1", "races/2", null));
    }
  }

  @Test
  void newerParentGivesEmptyPiece() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", RACE, RACE_TIME - 1), 0);

      assertThat(harness.extractOutputValues()).containsExactly(new ExamplePiece("results/10#1", RACE, null));
    }
  }

  @Test
  void timelessParentIsAlwaysServed() throws Exception {
    Object[] driver = {7L, "Hamilton"};
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion("drivers/7", driver, EventTime.TIMELESS), 0);
      harness.processElement2(new ParentRequest("results/10#1", "drivers/7", 0), 0);

      assertThat(harness.extractOutputValues()).containsExactly(new ExamplePiece("results/10#1", "drivers/7",
          new ExampleRow("drivers", "7", RowRole.PARENT, 1, EventTime.TIMELESS, driver)));
    }
  }

  @Test
  void latestVersionIsServed() throws Exception {
    Object[] updated = {1L, 2010L, RACE_TIME};
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement1(new RowVersion(RACE, updated, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", RACE, 2_000), 0);

      assertThat(harness.extractOutputValues()).containsExactly(new ExamplePiece("results/10#1", RACE,
          new ExampleRow("races", "1", RowRole.PARENT, 1, RACE_TIME, updated)));
    }
  }

  @Test
  void deletedRowIsNotServed() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement1(new RowVersion(RACE, null, RACE_TIME), 0);
      harness.processElement2(new ParentRequest("results/10#1", RACE, 2_000), 0);

      assertThat(harness.extractOutputValues()).containsExactly(new ExamplePiece("results/10#1", RACE, null));
      assertThat(harness.numKeyedStateEntries()).as("keyed state entries after the delete").isZero();
    }
  }

  @Test
  void rowsSurviveRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new RowVersion(RACE, RACE_VALUES, RACE_TIME), 0);
      harness.processElement1(new RowVersion("races/2", new Object[] {2L, 2009L, 2_000L}, 2_000), 0);
      harness.processElement1(new RowVersion("races/2", null, 2_000), 0);
      snapshot = harness.snapshot(1, 1);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(new ParentRequest("results/10#1", RACE, 2_000), 0);
      restored.processElement2(new ParentRequest("results/11#1", "races/2", 3_000), 0);

      assertThat(restored.extractOutputValues()).containsExactly(
          raceFor("results/10#1"), new ExamplePiece("results/11#1", "races/2", null));
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, RowVersion, ParentRequest, ExamplePiece> harness()
      throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new ParentLookupFunction()), RowVersion::node, ParentRequest::parent, Types.STRING);
  }

  private static ExamplePiece raceFor(String exampleId) {
    return new ExamplePiece(exampleId, RACE, new ExampleRow("races", "1", RowRole.PARENT, 1, RACE_TIME, RACE_VALUES));
  }
}
