package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerConfig;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Tokenizing and masking through Flink's operator harness, with the column statistics restored. */
class TokenizeMaskFunctionTest {
  private static final double MASK_RATE = 0.25;
  private static final long MASK_SEED = 7;
  private static final long DAY_MILLIS = 86_400_000L;

  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("races",
          List.of(new ColumnSchema("raceId", "int4", Types.INTEGER, SemanticType.KEY, false),
              new ColumnSchema("year", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
              new ColumnSchema("name", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, true),
              new ColumnSchema("date", "date", Types.DATE, SemanticType.TIMESTAMP, true)),
          List.of("raceId"), List.of(), "date", null)));

  /** Races spread over 1950 to 2020, so that the probe race falls between the extremes. */
  private static final List<Example> HISTORY = List.of(
      race(1, 1950, "British Grand Prix"),
      race(2, 2020, "Austrian Grand Prix"),
      race(3, 1975, "Monaco Grand Prix"),
      race(4, 2005, "Monaco Grand Prix"));
  private static final Example PROBE = race(5, 1990, "Japanese Grand Prix");

  @Test
  void everyExampleHasMaskedToken() throws Exception {
    try (var harness = harness()) {
      harness.open();
      for (Example example : HISTORY) {
        harness.processElement(example, 0);
      }

      List<MaskedExample> masked = harness.extractOutputValues();
      assertThat(masked).extracting(example -> example.example().seedKey()).containsExactly("1", "2", "3", "4");
      assertThat(masked).allSatisfy(example -> assertThat(example.maskedCount()).isPositive());
      assertThat(masked).allSatisfy(example -> assertThat(example.size()).isEqualTo(3));
    }
  }

  @Test
  void statisticsSurviveRestore() throws Exception {
    TokenizedExample uninterrupted;
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      for (Example example : HISTORY) {
        harness.processElement(example, 0);
      }
      snapshot = harness.snapshot(1, 1);
      harness.processElement(PROBE, 0);
      uninterrupted = last(harness);
    }

    TokenizedExample restored;
    try (var harness = harness()) {
      harness.initializeState(snapshot);
      harness.open();
      harness.processElement(PROBE, 0);
      restored = last(harness);
    }

    TokenizedExample withoutHistory;
    try (var harness = harness()) {
      harness.open();
      harness.processElement(PROBE, 0);
      withoutHistory = last(harness);
    }

    assertThat(valueIds(restored)).isEqualTo(valueIds(uninterrupted));
    assertThat(numericValues(restored)).isEqualTo(numericValues(uninterrupted));
    // Without the history the numeric bins differ, so the equality above depends on the restore.
    assertThat(valueIds(withoutHistory)).isNotEqualTo(valueIds(uninterrupted));
  }

  private static OneInputStreamOperatorTestHarness<Example, MaskedExample> harness() throws Exception {
    TokenizeMaskFunction function =
        new TokenizeMaskFunction(SCHEMA, TokenizerConfig.defaults(), MASK_RATE, MASK_SEED);
    return new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function));
  }

  private static Example race(long raceId, long year, String name) {
    long date = (year - 1970) * 365 * DAY_MILLIS;
    ExampleRow row = new ExampleRow("races", Long.toString(raceId), RowRole.SEED, 0, date,
        new Object[] {raceId, year, name, date});
    return new Example("races", Long.toString(raceId), date, date, List.of(row));
  }

  private static TokenizedExample last(OneInputStreamOperatorTestHarness<Example, MaskedExample> harness) {
    List<MaskedExample> outputs = harness.extractOutputValues();
    return outputs.get(outputs.size() - 1).example();
  }

  private static List<Integer> valueIds(TokenizedExample example) {
    List<Integer> ids = new ArrayList<>();
    for (int token = 0; token < example.size(); token++) {
      ids.add(example.valueId(token));
    }
    return ids;
  }

  private static List<Float> numericValues(TokenizedExample example) {
    List<Float> values = new ArrayList<>();
    for (int token = 0; token < example.size(); token++) {
      values.add(example.numericValue(token));
    }
    return values;
  }
}
