package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static final int AMOUNT = 0;
  private static final int STATUS = 1;
  private static final int NOTE = 2;
  private static final int CREATED_AT = 3;
  private static final int OPENS_AT = 4;
  private static final int PAID = 5;
  private static final int FIRST_BIN = ValueIds.RESERVED;
  private static final int FIRST_BUCKET = ValueIds.RESERVED + 32;

  private static final DatabaseSchema SCHEMA =
      new DatabaseSchema(
          List.of(
              new TableSchema(
                  "customers",
                  List.of(
                      column("id", SemanticType.KEY),
                      column("name", SemanticType.TEXT),
                      column("score", SemanticType.NUMERIC)),
                  List.of("id"),
                  List.of(),
                  null,
                  null),
              new TableSchema(
                  "orders",
                  List.of(
                      column("id", SemanticType.KEY),
                      column("customer_id", SemanticType.KEY),
                      column("amount", SemanticType.NUMERIC),
                      column("status", SemanticType.CATEGORICAL),
                      column("note", SemanticType.TEXT),
                      column("created_at", SemanticType.TIMESTAMP),
                      new ColumnSchema(
                          "opens_at", "time", Types.TIME, SemanticType.TIMESTAMP, true),
                      column("paid", SemanticType.CATEGORICAL)),
                  List.of("id"),
                  List.of(new ForeignKey(List.of("customer_id"), "customers", List.of("id"))),
                  "created_at",
                  null),
              new TableSchema(
                  "links",
                  List.of(column("a", SemanticType.KEY), column("b", SemanticType.KEY)),
                  List.of("a", "b"),
                  List.of(),
                  null,
                  null)));

  private final Tokenizer tokenizer = new Tokenizer(SCHEMA, TokenizerConfig.defaults());

  private static ColumnSchema column(String name, SemanticType type) {
    return new ColumnSchema(name, "text", Types.OTHER, type, true);
  }

  private static ExampleRow order(
      String key,
      RowRole role,
      Object amount,
      Object status,
      Object note,
      Object createdAt,
      Object opensAt,
      Object paid) {
    return new ExampleRow(
        "orders",
        key,
        role,
        role == RowRole.SEED ? 0 : 1,
        0L,
        new Object[] {Long.valueOf(key), 7L, amount, status, note, createdAt, opensAt, paid});
  }

  private static Example example(ExampleRow... rows) {
    return new Example(rows[0].table(), rows[0].key(), 1_000L, 900L, List.of(rows));
  }

  /**
   * Tokenizes one seed order whose amount column contains {@code amount} and returns its tokens.
   */
  private TokenizedExample tokenizeAmount(Object amount) {
    return tokenizer.tokenize(example(order("1", RowRole.SEED, amount, "new", "n", 0L, 0L, true)));
  }

  @Test
  void specialNumericValues() {
    Object[][] cases = {
      {null, ValueIds.NULL, ValueIds.NULL},
      {Double.NaN, ValueIds.NAN, ValueIds.NAN},
      {Double.POSITIVE_INFINITY, ValueIds.POS_INF, ValueIds.POS_INF},
      {Double.NEGATIVE_INFINITY, ValueIds.NEG_INF, ValueIds.NEG_INF},
      {"12.5", ValueIds.INVALID, -1},
      {List.of(1), ValueIds.INVALID, -1},
    };
    for (Object[] c : cases) {
      TokenizedExample tokens = tokenizeAmount(c[0]);
      assertThat(tokens.valueId(AMOUNT)).as("value id of %s", c[0]).isEqualTo(c[1]);
      assertThat(tokens.targetClass(AMOUNT)).as("target class of %s", c[0]).isEqualTo(c[2]);
      assertThat(tokens.hasRegressionTarget(AMOUNT)).as("regression target of %s", c[0]).isFalse();
      assertThat(tokens.numericValue(AMOUNT)).as("numeric value of %s", c[0]).isZero();
    }
  }

  @Test
  void invalidTokenIsNotMaskable() {
    TokenizedExample tokens = tokenizeAmount("12.5");

    assertThat(tokens.isMaskable(AMOUNT)).isFalse();
    assertThat(tokens.isMaskable(STATUS)).isTrue();
  }

  @Test
  void extremeFiniteNumbersAreBinnedAndClipped() {
    observeAmountsFromMinus1000To1000();
    Object[][] cases = {
      {Long.MAX_VALUE, FIRST_BIN + 31, 5f},
      {Double.MAX_VALUE, FIRST_BIN + 31, 5f},
      {-Double.MAX_VALUE, FIRST_BIN, -5f},
      {Long.MIN_VALUE, FIRST_BIN, -5f},
    };
    for (Object[] c : cases) {
      TokenizedExample tokens = tokenizeAmount(c[0]);

      assertThat(tokens.valueId(AMOUNT)).as("bin of %s", c[0]).isEqualTo(c[1]);
      assertThat(tokens.numericValue(AMOUNT)).as("z-score of %s", c[0]).isEqualTo(c[2]);
      assertThat(tokens.hasRegressionTarget(AMOUNT)).as("regression target of %s", c[0]).isTrue();
      assertThat(tokens.targetClass(AMOUNT)).as("target class of %s", c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void valuesBeyondObservedMagnitudeAreNotObserved() {
    observeAmountsFromMinus1000To1000();
    tokenizer.observe(
        example(order("1", RowRole.SEED, Double.MAX_VALUE, "new", "n", 0L, 0L, true)));
    tokenizer.observe(
        example(order("1", RowRole.SEED, -Double.MAX_VALUE, "new", "n", 0L, 0L, true)));

    // The population standard deviation of -1000..1000 is about 577.6, so 500 has a z-score of
    // 0.866.
    assertThat(tokenizeAmount(500.0).numericValue(AMOUNT)).isCloseTo(0.866f, within(1e-3f));
    assertThat(tokenizeAmount(1000.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 31);
  }

  private void observeAmountsFromMinus1000To1000() {
    for (int amount = -1000; amount <= 1000; amount++) {
      tokenizer.observe(example(order("1", RowRole.SEED, amount, "new", "n", 0L, 0L, true)));
    }
  }

  @Test
  void binsFollowRunningMinAndMax() {
    assertThat(tokenizeAmount(5.0).valueId(AMOUNT))
        .as("middle bin before statistics")
        .isEqualTo(FIRST_BIN + 16);

    tokenizer.observe(example(order("1", RowRole.SEED, 0, "new", "n", 0L, 0L, true)));
    tokenizer.observe(example(order("2", RowRole.SEED, 100L, "new", "n", 0L, 0L, true)));

    assertThat(tokenizeAmount(0.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN);
    assertThat(tokenizeAmount(50).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 16);
    assertThat(tokenizeAmount(100.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 31);
    assertThat(tokenizeAmount(1e9).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 31);
    assertThat(tokenizeAmount(-1e9).valueId(AMOUNT)).isEqualTo(FIRST_BIN);
    assertThat(tokenizeAmount(100.0).numericValue(AMOUNT)).isEqualTo(1f);
  }

  @Test
  void specialStrings() {
    String megabyte = "x".repeat(1 << 20);
    String unpairedSurrogate = "ab\uD800cd";
    TokenizedExample tokens =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "", megabyte, 0L, 0L, unpairedSurrogate)));
    TokenizedExample again =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "", "x".repeat(1 << 20), 0L, 0L, "ab\uD800cd")));

    assertThat(tokens.valueId(STATUS)).isEqualTo(ValueIds.EMPTY);
    assertThat(tokens.targetClass(STATUS)).isEqualTo(ValueIds.EMPTY);
    assertThat(tokens.valueId(NOTE)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
    assertThat(tokens.valueId(NOTE)).isEqualTo(again.valueId(NOTE));
    assertThat(tokens.targetClass(NOTE)).isEqualTo(tokens.valueId(NOTE));
    assertThat(tokens.valueId(PAID)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
    assertThat(tokens.valueId(PAID)).isEqualTo(again.valueId(PAID));
  }

  @Test
  void wrongJavaTypesAreInvalid() {
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, 42, 'c', 1.5, "noon", 3L)));

    assertThat(tokens.valueId(STATUS)).isEqualTo(ValueIds.INVALID);
    assertThat(tokens.valueId(NOTE)).isEqualTo(ValueIds.INVALID);
    assertThat(tokens.valueId(CREATED_AT)).isEqualTo(ValueIds.INVALID);
    assertThat(tokens.valueId(OPENS_AT)).isEqualTo(ValueIds.INVALID);
    assertThat(tokens.valueId(PAID)).isEqualTo(ValueIds.INVALID);
  }

  @Test
  void valuesChangeCategoricalBuckets() {
    TokenizedExample first =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true)));
    TokenizedExample second =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "paid", "n", 0L, 0L, false)));

    assertThat(first.valueId(STATUS)).isNotEqualTo(second.valueId(STATUS));
    assertThat(first.valueId(PAID)).isNotEqualTo(second.valueId(PAID));
  }

  @Test
  void timestampFeatures() {
    // 2024-03-15T06:00:00Z, a Friday.
    long friday = 1_710_482_400_000L;
    long sixAm = 6 * 3_600_000L;
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "n", friday, sixAm, true)));

    assertThat(tokens.timeFeature(CREATED_AT, 0)).as("sin hour").isCloseTo(1f, within());
    assertThat(tokens.timeFeature(CREATED_AT, 1)).as("cos hour").isCloseTo(0f, within());
    assertThat(tokens.timeFeature(CREATED_AT, 2))
        .as("sin weekday")
        .isCloseTo((float) Math.sin(2 * Math.PI * 4 / 7), within());
    assertThat(tokens.timeFeature(CREATED_AT, 4))
        .as("sin day of month")
        .isCloseTo((float) Math.sin(2 * Math.PI * 14 / 31), within());
    assertThat(tokens.timeFeature(CREATED_AT, 6))
        .as("sin month")
        .isCloseTo((float) Math.sin(2 * Math.PI * 2 / 12), within());
    assertThat(tokens.hasRegressionTarget(CREATED_AT)).isTrue();

    assertThat(tokens.timeFeature(OPENS_AT, 0)).as("time-of-day sin hour").isCloseTo(1f, within());
    for (int feature = 2; feature < TokenizedExample.TIME_FEATURES; feature++) {
      assertThat(tokens.timeFeature(OPENS_AT, feature))
          .as("time-of-day date feature %d", feature)
          .isZero();
      assertThat(tokens.timeFeature(AMOUNT, feature))
          .as("numeric cell feature %d", feature)
          .isZero();
    }
  }

  @Test
  void extremeTimestampsDoNotThrow() {
    for (long millis : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1L}) {
      TokenizedExample tokens =
          tokenizer.tokenize(
              example(order("1", RowRole.SEED, 1.0, "new", "n", millis, millis, true)));

      assertThat(tokens.valueId(CREATED_AT))
          .as("bin of %d", millis)
          .isBetween(FIRST_BIN, FIRST_BIN + 31);
      for (int feature = 0; feature < TokenizedExample.TIME_FEATURES; feature++) {
        assertThat(tokens.timeFeature(CREATED_AT, feature))
            .as("feature %d of %d", feature, millis)
            .isBetween(-1f, 1f);
      }
    }
  }

  private static Offset<Float> within() {
    return within(1e-5f);
  }

  private static Offset<Float> within(float tolerance) {
    return Offset.offset(tolerance);
  }

  @Test
  void keyColumnsProduceNoTokens() {
    ExampleRow link = new ExampleRow("links", "1,2", RowRole.SEED, 0, 0L, new Object[] {1L, 2L});
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3.0});
    TokenizedExample tokens = tokenizer.tokenize(example(link, customer));

    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.roleId(0)).isEqualTo(1);
    assertThat(tokens.rowIndex(0)).as("rows without tokens are not counted").isZero();
    assertThat(tokenizeAmount(1.0).size()).as("orders has 6 content columns").isEqualTo(6);
  }

  @Test
  void rolesAndRowIndexes() {
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3.0});
    TokenizedExample tokens =
        tokenizer.tokenize(
            example(
                order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true),
                customer,
                order("2", RowRole.CHILD, 2.0, "new", "n", 0L, 0L, true)));

    assertThat(tokens.size()).isEqualTo(14);
    assertThat(tokens.roleId(5)).isZero();
    assertThat(tokens.roleId(6)).isEqualTo(1);
    assertThat(tokens.rowIndex(6)).isEqualTo(1);
    assertThat(tokens.roleId(8)).isEqualTo(2);
    assertThat(tokens.rowIndex(8)).isEqualTo(2);
    assertThat(tokens.tableId(6)).isNotEqualTo(tokens.tableId(0));
    assertThat(tokens.seedKey()).isEqualTo("1");
    assertThat(tokens.commitTimeMillis()).isEqualTo(900L);
  }

  @Test
  void truncationKeepsSeedCells() {
    Tokenizer small = new Tokenizer(SCHEMA, TokenizerConfig.builder().maxTokens(8).build());
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3.0});
    ExampleRow seed = order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true);
    TokenizedExample tokens =
        small.tokenize(
            example(seed, customer, order("2", RowRole.CHILD, 2.0, "a", "b", 0L, 0L, true)));

    assertThat(tokens.size()).isEqualTo(8);
    for (int token = 0; token < 6; token++) {
      assertThat(tokens.roleId(token)).as("role of token %d", token).isZero();
    }
    assertThat(tokens.roleId(6)).isEqualTo(1);
    assertThat(tokens.roleId(7)).isEqualTo(1);
  }

  @Test
  void wideSeedKeepsFirstCells() {
    Tokenizer tiny = new Tokenizer(SCHEMA, TokenizerConfig.builder().maxTokens(3).build());
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3.0});
    TokenizedExample tokens =
        tiny.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true), customer));

    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.valueId(0)).isEqualTo(tokenizeAmount(1.0).valueId(0));
    assertThat(tokens.roleId(2)).isZero();
  }

  @Test
  void shortValueArrayGivesInvalidTokens() {
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.SEED, 0, 0L, new Object[] {7L, "Ada"});
    TokenizedExample tokens = tokenizer.tokenize(example(customer));

    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.valueId(1)).isEqualTo(ValueIds.INVALID);
  }

  @Test
  void unknownTableIsRejected() {
    ExampleRow row = new ExampleRow("ghosts", "1", RowRole.SEED, 0, 0L, new Object[] {1L});

    assertThatThrownBy(() -> tokenizer.tokenize(example(row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghosts");
  }

  @Test
  void columnIdsAreStable() {
    Tokenizer other = new Tokenizer(SCHEMA, TokenizerConfig.defaults());
    TokenizedExample mine = tokenizeAmount(1.0);
    TokenizedExample theirs =
        other.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true)));

    // FNV-1a of "orders.amount" is 0xbe7b991e4efd255a, and its finalized value mod 1024 is 152.
    assertThat(mine.columnId(AMOUNT)).isEqualTo(152);
    for (int token = 0; token < mine.size(); token++) {
      assertThat(theirs.columnId(token))
          .as("column id of token %d", token)
          .isEqualTo(mine.columnId(token));
      assertThat(theirs.valueId(token))
          .as("value id of token %d", token)
          .isEqualTo(mine.valueId(token));
    }
    List<Integer> ids = new ArrayList<>();
    for (int token = 0; token < mine.size(); token++) {
      ids.add(mine.columnId(token));
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void fnvMatchesPublishedTestVectors() {
    assertThat(StableHash.ofName("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(StableHash.ofName("foobar")).isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void snapshotRestoreGivesIdenticalTokens() {
    for (int i = 0; i < 50; i++) {
      tokenizer.observe(
          example(
              order(
                  Integer.toString(i),
                  RowRole.SEED,
                  i * 3.5,
                  "s" + i,
                  "n",
                  i * 1_000_000L,
                  i * 60_000L,
                  i % 2 == 0)));
    }
    Tokenizer restored = new Tokenizer(SCHEMA, TokenizerConfig.defaults());
    restored.restoreStatistics(tokenizer.snapshotStatistics());

    Example probe =
        example(order("9", RowRole.SEED, 77.0, "s3", "note", 12_345_678L, 3_600_000L, false));
    TokenizedExample expected = tokenizer.tokenize(probe);
    TokenizedExample actual = restored.tokenize(probe);
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int token = 0; token < expected.size(); token++) {
      assertThat(actual.valueId(token)).as("value id %d", token).isEqualTo(expected.valueId(token));
      assertThat(actual.numericValue(token))
          .as("numeric value %d", token)
          .isEqualTo(expected.numericValue(token));
    }
    assertThat(expected.numericValue(AMOUNT)).as("z-score uses statistics").isNotZero();
    assertThat(restored.snapshotStatistics()).isEqualTo(tokenizer.snapshotStatistics());
  }

  @Test
  void restoreReplacesExistingStatistics() {
    Tokenizer fresh = new Tokenizer(SCHEMA, TokenizerConfig.defaults());
    byte[] empty = fresh.snapshotStatistics();
    tokenizer.observe(example(order("1", RowRole.SEED, 0.0, "new", "n", 0L, 0L, true)));
    tokenizer.observe(example(order("2", RowRole.SEED, 100.0, "new", "n", 0L, 0L, true)));

    tokenizer.restoreStatistics(empty);

    assertThat(tokenizeAmount(0.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 16);
  }

  @Test
  void corruptSnapshotIsRejected() {
    byte[] snapshot = tokenizer.snapshotStatistics();
    byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 3);
    byte[] otherVersion = snapshot.clone();
    otherVersion[0] = 9;

    assertThatThrownBy(() -> tokenizer.restoreStatistics(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid statistics snapshot");
    assertThatThrownBy(() -> tokenizer.restoreStatistics(otherVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
  }
}
