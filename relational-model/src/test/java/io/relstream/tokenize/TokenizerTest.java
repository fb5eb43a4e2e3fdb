package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static final int AMOUNT = 0;
  private static final int STATUS = 1;
  private static final int NOTE = 2;
  private static final int CREATED_AT = 3;
  private static final int OPENS_AT = 4;
  private static final int PAID = 5;
  private static final int DUE_AT = 6;
  private static final TokenizerConfig CONFIG = TokenizerConfig.defaults();
  private static final int FIRST_BIN = CONFIG.firstBinId();
  private static final int FIRST_SLOT = CONFIG.firstSlotId();
  private static final int FIRST_BUCKET = CONFIG.firstBucketId();
  private static final long SEED_TIME = 1_000L;

  static final DatabaseSchema SCHEMA =
      new DatabaseSchema(
          List.of(
              new TableSchema(
                  "customers",
                  List.of(
                      column("id", SemanticType.KEY),
                      column("name", SemanticType.TEXT),
                      new ColumnSchema("score", "int4", Types.INTEGER, SemanticType.NUMERIC, true)),
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
                      column("paid", SemanticType.CATEGORICAL),
                      column("due_at", SemanticType.TIMESTAMP)),
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

  private final Tokenizer tokenizer = new Tokenizer(SCHEMA, CONFIG);

  private static ColumnSchema column(String name, SemanticType type) {
    return new ColumnSchema(name, "text", Types.OTHER, type, true);
  }

  static ExampleRow order(
      String key,
      RowRole role,
      Object amount,
      Object status,
      Object note,
      Object createdAt,
      Object opensAt,
      Object paid) {
    return order(key, role, amount, status, note, createdAt, opensAt, paid, null);
  }

  static ExampleRow order(
      String key,
      RowRole role,
      Object amount,
      Object status,
      Object note,
      Object createdAt,
      Object opensAt,
      Object paid,
      Object dueAt) {
    return new ExampleRow(
        "orders",
        key,
        role,
        role == RowRole.SEED ? 0 : 1,
        0L,
        new Object[] {
          Long.valueOf(key), 7L, amount, status, note, createdAt, opensAt, paid, dueAt
        });
  }

  static Example example(ExampleRow... rows) {
    return new Example(rows[0].table(), rows[0].key(), SEED_TIME, 900L, List.of(rows));
  }

  /** Returns a seed order with every cell ordinary except the one the test varies. */
  private static ExampleRow plainOrder(String key, Object amount) {
    return order(key, RowRole.SEED, amount, "new", "n", 0L, 0L, true);
  }

  private TokenizedExample tokenizeAmount(Object amount) {
    return tokenizer.tokenize(example(plainOrder("1", amount)));
  }

  private void observeAmounts(int from, int to) {
    for (int amount = from; amount <= to; amount++) {
      tokenizer.observe(example(plainOrder("1", (double) amount)));
    }
  }

  private void observeStatus(String status, int times) {
    for (int i = 0; i < times; i++) {
      tokenizer.observe(example(order("1", RowRole.SEED, 1.0, status, "n", 0L, 0L, true)));
    }
  }

  private TokenizedExample tokenizeStatus(Object status) {
    return tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, status, "n", 0L, 0L, true)));
  }

  @Test
  void specialNumericValues() {
    Object[][] cases = {
      {null, ValueIds.NULL, ValueIds.NULL},
      {Double.NaN, ValueIds.NAN, ValueIds.NAN},
      {Double.POSITIVE_INFINITY, ValueIds.POS_INF, ValueIds.POS_INF},
      {Double.NEGATIVE_INFINITY, ValueIds.NEG_INF, ValueIds.NEG_INF},
      {new BigDecimal("1e400"), ValueIds.OUT_OF_RANGE, -1},
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
  void integerBeyondInt4IsOutOfRange() {
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.SEED, 0, 0L, new Object[] {7L, "Ada", 3_000_000_000L});
    ExampleRow fits =
        new ExampleRow("customers", "8", RowRole.SEED, 0, 0L, new Object[] {8L, "Bo", 2_000_000_000L});

    assertThat(tokenizer.tokenize(example(customer)).valueId(1)).isEqualTo(ValueIds.OUT_OF_RANGE);
    assertThat(tokenizer.tokenize(example(fits)).valueId(1)).isEqualTo(FIRST_BIN + 16);
  }

  @Test
  void invalidCellIsNotMaskable() {
    TokenizedExample tokens = tokenizeAmount("12.5");

    assertThat(tokens.isMaskable(AMOUNT)).isFalse();
    assertThat(tokens.isCellMaskable(AMOUNT)).isFalse();
    assertThat(tokens.isCellMaskable(STATUS)).isTrue();
  }

  @Test
  void versionZeroUsesMiddleBin() {
    TokenizedExample tokens = tokenizeAmount(5.0);

    assertThat(tokens.tokenizerVersion()).isZero();
    assertThat(tokens.valueId(AMOUNT)).isEqualTo(FIRST_BIN + 16);
    assertThat(tokens.numericValue(AMOUNT)).isZero();
  }

  @Test
  void quantileBinsAndRobustValues() {
    observeAmounts(1, 1000);
    tokenizer.refresh(0L);

    assertThat(tokenizeAmount(1.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN);
    assertThat(tokenizeAmount(-1e9).valueId(AMOUNT)).isEqualTo(FIRST_BIN);
    assertThat(tokenizeAmount(1000.0).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 31);
    assertThat(tokenizeAmount(Double.MAX_VALUE).valueId(AMOUNT)).isEqualTo(FIRST_BIN + 31);
    // 1000 values in 32 bins hold about 31 values each; the sketch's rank error is about 1.3%.
    assertThat(tokenizeAmount(500.0).valueId(AMOUNT)).isBetween(FIRST_BIN + 14, FIRST_BIN + 17);
    // The median is about 500 and the interquartile range about 500.
    assertThat(tokenizeAmount(500.0).numericValue(AMOUNT)).isCloseTo(0f, within(0.05f));
    assertThat(tokenizeAmount(1000.0).numericValue(AMOUNT)).isCloseTo(1f, within(0.05f));
    assertThat(tokenizeAmount(1e12).numericValue(AMOUNT)).isEqualTo(5f);
    assertThat(tokenizeAmount(-1e12).numericValue(AMOUNT)).isEqualTo(-5f);
    TokenizedExample tokens = tokenizeAmount(750.0);
    assertThat(tokens.targetClass(AMOUNT)).isEqualTo(tokens.valueId(AMOUNT));
    assertThat(tokens.targetValue(AMOUNT)).isEqualTo(tokens.numericValue(AMOUNT));
    assertThat(tokens.hasRegressionTarget(AMOUNT)).isTrue();
  }

  @Test
  void binsChangeOnlyWithNewVersion() {
    observeAmounts(1, 100);
    tokenizer.refresh(0L);
    TokenizedExample before = tokenizeAmount(90.0);

    observeAmounts(1000, 5000);
    TokenizedExample sameVersion = tokenizeAmount(90.0);
    tokenizer.refresh(0L);
    TokenizedExample nextVersion = tokenizeAmount(90.0);

    assertThat(sameVersion.valueId(AMOUNT)).isEqualTo(before.valueId(AMOUNT));
    assertThat(sameVersion.tokenizerVersion()).isEqualTo(1);
    assertThat(nextVersion.tokenizerVersion()).isEqualTo(2);
    assertThat(nextVersion.valueId(AMOUNT)).isLessThan(before.valueId(AMOUNT));
  }

  @Test
  void scheduleDoublesThenCapsRows() {
    Tokenizer small =
        new Tokenizer(
            SCHEMA,
            TokenizerConfig.builder().refreshRows(8).refreshIntervalMillis(1_000_000).build());
    List<Long> versionsAtRows = new ArrayList<>();
    for (int row = 1; row <= 40; row++) {
      small.observe(example(plainOrder("1", 1.0)));
      if (small.refreshIfDue(0L)) {
        versionsAtRows.add(small.observedRows());
      }
    }

    assertThat(versionsAtRows).containsExactly(1L, 2L, 4L, 8L, 16L, 24L, 32L, 40L);
  }

  @Test
  void scheduleRefreshesAfterInterval() {
    Tokenizer timed =
        new Tokenizer(SCHEMA, TokenizerConfig.builder().refreshIntervalMillis(1_000).build());
    for (int row = 0; row < 3; row++) {
      timed.observe(example(plainOrder("1", 1.0)));
    }
    timed.refreshIfDue(0L);
    timed.observe(example(plainOrder("1", 1.0)));

    assertThat(timed.refreshIfDue(999L)).as("due before the interval").isFalse();
    assertThat(timed.refreshIfDue(1_000L)).as("due at the interval").isTrue();
    assertThat(timed.refreshIfDue(5_000L)).as("due without new rows").isFalse();
  }

  @Test
  void vocabularySlotsAndOutOfVocabulary() {
    observeStatus("new", 5);
    observeStatus("paid", 3);
    observeStatus("rare", 1);
    tokenizer.refresh(0L);

    TokenizedExample known = tokenizeStatus("new");
    TokenizedExample rare = tokenizeStatus("rare");
    TokenizedExample unseen = tokenizeStatus("unseen");

    assertThat(tokenizer.version().vocabulary("orders.status")).startsWith("new", "paid", null);
    assertThat(known.valueId(STATUS)).isEqualTo(FIRST_SLOT);
    assertThat(known.targetClass(STATUS)).isEqualTo(FIRST_SLOT);
    assertThat(tokenizeStatus("paid").valueId(STATUS)).isEqualTo(FIRST_SLOT + 1);
    assertThat(rare.valueId(STATUS)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
    assertThat(rare.targetClass(STATUS)).isEqualTo(ValueIds.OOV);
    assertThat(unseen.targetClass(STATUS)).isEqualTo(ValueIds.OOV);
    assertThat(unseen.valueId(STATUS)).isNotEqualTo(rare.valueId(STATUS));
  }

  @Test
  void vocabularySlotsAreSticky() {
    observeStatus("a", 5);
    observeStatus("b", 4);
    tokenizer.refresh(0L);
    observeStatus("c", 20);
    tokenizer.refresh(0L);

    assertThat(tokenizer.version().vocabulary("orders.status")).startsWith("a", "b", "c");
    assertThat(tokenizeStatus("a").valueId(STATUS)).isEqualTo(FIRST_SLOT);
    assertThat(tokenizeStatus("c").valueId(STATUS)).isEqualTo(FIRST_SLOT + 2);
  }

  @Test
  void vocabularyKeepsTopValues() {
    Tokenizer small =
        new Tokenizer(SCHEMA, TokenizerConfig.builder().categoryVocabulary(2).build());
    for (String status : List.of("x", "x", "x", "y", "y", "z", "z", "z", "z")) {
      small.observe(example(order("1", RowRole.SEED, 1.0, status, "n", 0L, 0L, true)));
    }
    small.refresh(0L);

    assertThat(small.version().vocabulary("orders.status")).containsExactly("z", "x");
  }

  @Test
  void nearUniqueTextIsIdentifier() {
    for (int i = 0; i < 100; i++) {
      tokenizer.observe(
          example(order("1", RowRole.SEED, 1.0, "new", "ref-" + i, 0L, 0L, true)));
    }
    tokenizer.refresh(0L);
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "ref-3", 0L, 0L, true)));

    assertThat(tokenizer.version().identifierColumns()).containsExactly("orders.note");
    assertThat(tokenizer.version().isTarget("orders.note")).isFalse();
    assertThat(tokens.isCellMaskable(NOTE)).isFalse();
    assertThat(tokens.targetClass(NOTE)).isEqualTo(-1);
    assertThat(tokens.valueId(NOTE)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
    assertThat(tokens.isCellMaskable(STATUS)).as("repeated status").isTrue();
  }

  @Test
  void identifierDetectionCanBeOverridden() {
    TokenizerConfig config =
        TokenizerConfig.builder()
            .targetColumns(Set.of("orders.note"))
            .identifierColumns(Set.of("orders.amount"))
            .build();
    Tokenizer overridden = new Tokenizer(SCHEMA, config);
    for (int i = 0; i < 100; i++) {
      overridden.observe(
          example(order("1", RowRole.SEED, 1.0, "new", "ref-" + i, 0L, 0L, true)));
    }
    overridden.refresh(0L);
    TokenizedExample tokens =
        overridden.tokenize(example(order("1", RowRole.SEED, 1.0, "new", "ref-3", 0L, 0L, true)));

    assertThat(overridden.version().identifierColumns()).containsExactly("orders.amount");
    assertThat(tokens.isCellMaskable(NOTE)).isTrue();
    assertThat(tokens.isCellMaskable(AMOUNT)).isFalse();
    assertThat(tokens.hasRegressionTarget(AMOUNT)).isFalse();
  }

  @Test
  void textColumnKinds() {
    // 400 distinct values in 600: too many for the vocabulary, too few for an identifier.
    for (int i = 0; i < 600; i++) {
      String note = "word" + i % 400 + " and a much longer sentence that goes past the short limit";
      tokenizer.observe(example(order("1", RowRole.SEED, 1.0, "new", note, 0L, 0L, true)));
      ExampleRow customer =
          new ExampleRow("customers", "7", RowRole.SEED, 0, 0L, new Object[] {7L, "n" + i % 3, 1L});
      tokenizer.observe(example(customer));
    }
    tokenizer.refresh(0L);

    assertThat(tokenizer.version().kind("orders.note")).isEqualTo(ColumnKind.TEXT_BAG);
    assertThat(tokenizer.version().kind("customers.name")).isEqualTo(ColumnKind.CATEGORICAL);
    TokenizedExample tokens =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "new", "One two, THREE four!", 0L, 0L, true)));
    assertThat(tokens.size()).as("six cells, the note as four pieces").isEqualTo(10);
    assertThat(tokens.cellCount()).isEqualTo(7);
    assertThat(tokens.cellTokenCount(NOTE)).isEqualTo(4);
    for (int token = NOTE; token < NOTE + 4; token++) {
      assertThat(tokens.cellIndex(token)).as("cell of token %d", token).isEqualTo(NOTE);
      assertThat(tokens.valueId(token)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
      assertThat(tokens.targetClass(token)).isEqualTo(tokens.valueId(token));
    }
    TokenizedExample lower =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "new", "three", 0L, 0L, true)));
    assertThat(lower.valueId(NOTE)).as("pieces are lowercased").isEqualTo(tokens.valueId(NOTE + 2));
  }

  @Test
  void longTextKeepsPieceBudget() {
    for (int i = 0; i < 300; i++) {
      String note = "w" + i + " " + "x".repeat(60);
      tokenizer.observe(example(order("1", RowRole.SEED, 1.0, "new", note, 0L, 0L, true)));
    }
    tokenizer.refresh(0L);
    String longNote = "alpha beta ".repeat(1000);
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "new", longNote, 0L, 0L, true)));

    assertThat(tokens.cellTokenCount(NOTE)).isEqualTo(CONFIG.textPieces());
  }

  @Test
  void specialStrings() {
    byte[] invalidUtf8 = {(byte) 0xc3, (byte) 0x28};
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, "", "n", 0L, 0L, "ab\uD800cd")));
    TokenizedExample bytes =
        tokenizer.tokenize(
            example(
                order("1", RowRole.SEED, 1.0, "ok".getBytes(StandardCharsets.UTF_8), "n", 0L, 0L,
                    invalidUtf8)));

    assertThat(tokens.valueId(STATUS)).isEqualTo(ValueIds.EMPTY);
    assertThat(tokens.targetClass(STATUS)).isEqualTo(ValueIds.EMPTY);
    assertThat(tokens.valueId(PAID)).isEqualTo(ValueIds.INVALID_TEXT);
    assertThat(tokens.targetClass(PAID)).isEqualTo(-1);
    assertThat(bytes.valueId(PAID)).isEqualTo(ValueIds.INVALID_TEXT);
    assertThat(bytes.valueId(STATUS)).isEqualTo(tokenizeStatus("ok").valueId(STATUS));
  }

  @Test
  void megabyteStrings() {
    String megabyte = "x".repeat(1 << 20);
    TokenizedExample tokens =
        tokenizer.tokenize(example(order("1", RowRole.SEED, 1.0, megabyte, megabyte, 0L, 0L, true)));
    TokenizedExample again =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "x".repeat(1 << 20), megabyte, 0L, 0L, true)));

    assertThat(tokens.valueId(STATUS)).isBetween(FIRST_BUCKET, FIRST_BUCKET + 4095);
    assertThat(again.valueId(STATUS)).isEqualTo(tokens.valueId(STATUS));
    assertThat(tokens.cellTokenCount(NOTE)).isEqualTo(CONFIG.textPieces());
    assertThat(tokens.valueId(tokens.cellFirstToken(PAID))).isEqualTo(tokenizeStatus("x").valueId(PAID));
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
  void timestampFeatures() {
    // 2024-03-15T06:00:00Z, a Friday.
    long friday = 1_710_482_400_000L;
    long sixAm = 6 * 3_600_000L;
    long tenDaysLater = friday + 10 * 86_400_000L;
    TokenizedExample tokens =
        tokenizer.tokenize(
            new Example(
                "orders", "1", tenDaysLater, 0L,
                List.of(order("1", RowRole.SEED, 1.0, "new", "n", friday, sixAm, true, friday))));

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
    assertThat(tokens.timeFeature(CREATED_AT, 8))
        .as("age of ten days")
        .isCloseTo((float) (Math.log1p(10) / Math.log1p(36_525)), within());
    assertThat(tokens.timeFeature(DUE_AT, 8)).as("age of due_at").isPositive();
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
  void futureTimestampIsHiddenUnlessTimeColumn() {
    long later = SEED_TIME + 1;
    TokenizedExample tokens =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "new", "n", later, 0L, true, later)));
    TokenizedExample atSeed =
        tokenizer.tokenize(
            example(order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true, SEED_TIME)));

    assertThat(tokens.valueId(DUE_AT)).isEqualTo(ValueIds.FUTURE);
    assertThat(tokens.isCellMaskable(DUE_AT)).isFalse();
    for (int feature = 0; feature < TokenizedExample.TIME_FEATURES; feature++) {
      assertThat(tokens.timeFeature(DUE_AT, feature)).as("feature %d", feature).isZero();
    }
    assertThat(tokens.valueId(CREATED_AT)).as("time column").isNotEqualTo(ValueIds.FUTURE);
    assertThat(atSeed.valueId(DUE_AT)).as("at the seed time").isNotEqualTo(ValueIds.FUTURE);
  }

  @Test
  void seedTimeCellIsNoTarget() {
    ExampleRow seed = order("1", RowRole.SEED, 1.0, "new", "n", SEED_TIME, 0L, true, SEED_TIME);
    ExampleRow timeSource = order("2", RowRole.PARENT, 1.0, "new", "n", SEED_TIME, 0L, true);
    ExampleRow older = order("3", RowRole.PARENT, 1.0, "new", "n", SEED_TIME - 1, 0L, true);
    TokenizedExample tokens = tokenizer.tokenize(example(seed, timeSource, older));
    Masker masker = new Masker(MaskingConfig.of(0.4, MaskingStrategy.UNIFORM));
    SplittableRandom random = new SplittableRandom(1L);

    int seedCreated = cellOf(tokens, 0, "orders.created_at");
    int sourceCreated = cellOf(tokens, 1, "orders.created_at");
    assertThat(tokens.isCellMaskable(seedCreated)).as("seed row's time column").isFalse();
    assertThat(tokens.targetClass(tokens.cellFirstToken(seedCreated))).isEqualTo(-1);
    assertThat(tokens.hasRegressionTarget(tokens.cellFirstToken(seedCreated))).isFalse();
    assertThat(tokens.valueId(tokens.cellFirstToken(seedCreated)))
        .as("input token kept")
        .isBetween(FIRST_BIN, FIRST_SLOT - 1);
    assertThat(tokens.isCellMaskable(sourceCreated)).as("time cell equal to the seed time").isFalse();
    assertThat(tokens.isCellMaskable(cellOf(tokens, 2, "orders.created_at")))
        .as("older time cell")
        .isTrue();
    assertThat(tokens.isCellMaskable(cellOf(tokens, 0, "orders.due_at")))
        .as("other timestamp at the seed time")
        .isTrue();
    int amountMasks = 0;
    for (int draw = 0; draw < 200; draw++) {
      MaskedExample masked = masker.mask(tokens, random);
      assertThat(masked.isCellMasked(seedCreated)).as("seed time cell in draw %d", draw).isFalse();
      amountMasks += masked.isCellMasked(cellOf(tokens, 0, "orders.amount")) ? 1 : 0;
    }
    assertThat(amountMasks).as("draws that masked the amount").isPositive();
  }

  private static int cellOf(TokenizedExample tokens, int row, String column) {
    for (int cell = 0; cell < tokens.cellCount(); cell++) {
      if (tokens.cellRow(cell) == row && tokens.cellColumn(cell).equals(column)) {
        return cell;
      }
    }
    throw new AssertionError("No cell " + column + " in row " + row);
  }

  @Test
  void extremeTimestamps() {
    for (long millis : new long[] {Long.MIN_VALUE, Long.MAX_VALUE}) {
      TokenizedExample tokens =
          tokenizer.tokenize(
              example(order("1", RowRole.SEED, 1.0, "new", "n", millis, millis, true)));

      assertThat(tokens.valueId(CREATED_AT)).as("%d", millis).isEqualTo(ValueIds.OUT_OF_RANGE);
      assertThat(tokens.valueId(OPENS_AT)).as("time %d", millis).isEqualTo(ValueIds.OUT_OF_RANGE);
    }
    long yearZero = -62_167_219_200_000L;
    long year9999 = 253_402_214_400_000L;
    for (long millis : new long[] {yearZero, year9999}) {
      TokenizedExample tokens =
          tokenizer.tokenize(
              new Example(
                  "orders", "1", year9999 + 86_400_000L, 0L,
                  List.of(order("1", RowRole.SEED, 1.0, "new", "n", millis, 0L, true, millis))));

      assertThat(tokens.valueId(CREATED_AT)).as("bin of %d", millis).isEqualTo(FIRST_BIN + 16);
      assertThat(tokens.valueId(DUE_AT)).as("bin of %d", millis).isEqualTo(FIRST_BIN + 16);
      for (int feature = 0; feature < TokenizedExample.TIME_FEATURES; feature++) {
        assertThat(tokens.timeFeature(DUE_AT, feature))
            .as("feature %d of %d", feature, millis)
            .isBetween(-2f, 2f);
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
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3L});
    TokenizedExample tokens = tokenizer.tokenize(example(link, customer));

    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.roleId(0)).isEqualTo(1);
    assertThat(tokens.rowIndex(0)).as("rows without tokens are not counted").isZero();
    assertThat(tokens.rowRole(0)).isEqualTo(1);
    assertThat(tokenizeAmount(1.0).size()).as("orders has 7 content columns").isEqualTo(7);
  }

  @Test
  void rolesRowsAndCells() {
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3L});
    TokenizedExample tokens =
        tokenizer.tokenize(
            example(
                order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true),
                customer,
                order("2", RowRole.CHILD, 2.0, "new", "n", 0L, 0L, true)));

    assertThat(tokens.size()).isEqualTo(16);
    assertThat(tokens.cellCount()).isEqualTo(16);
    assertThat(tokens.roleId(6)).isZero();
    assertThat(tokens.roleId(7)).isEqualTo(1);
    assertThat(tokens.rowIndex(7)).isEqualTo(1);
    assertThat(tokens.roleId(9)).isEqualTo(2);
    assertThat(tokens.rowIndex(9)).isEqualTo(2);
    assertThat(tokens.rowCount()).isEqualTo(3);
    assertThat(tokens.rowRole(2)).isEqualTo(2);
    assertThat(tokens.cellColumn(7)).isEqualTo("customers.name");
    assertThat(tokens.cellRow(9)).isEqualTo(2);
    assertThat(tokens.tableId(7)).isNotEqualTo(tokens.tableId(0));
    assertThat(tokens.seedKey()).isEqualTo("1");
    assertThat(tokens.commitTimeMillis()).isEqualTo(900L);
  }

  @Test
  void tokensCarryNamePieces() {
    TokenizedExample tokens = tokenizeAmount(1.0);
    int[] createdAt = NamePieces.ids("created_at", CONFIG.namePieces(), CONFIG.namePieceBuckets());
    int[] orders = NamePieces.ids("orders", CONFIG.namePieces(), CONFIG.namePieceBuckets());

    assertThat(tokens.namePieces()).isEqualTo(4);
    for (int piece = 0; piece < 4; piece++) {
      assertThat(tokens.columnPiece(CREATED_AT, piece)).isEqualTo(createdAt[piece]);
      assertThat(tokens.tablePiece(CREATED_AT, piece)).isEqualTo(orders[piece]);
    }
    assertThat(tokens.columnPiece(CREATED_AT, 0)).isPositive();
    assertThat(tokens.columnPiece(CREATED_AT, 2)).as("created_at has two pieces").isZero();
  }

  @Test
  void truncationKeepsSeedCells() {
    Tokenizer small = new Tokenizer(SCHEMA, TokenizerConfig.builder().maxTokens(9).build());
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3L});
    ExampleRow seed = order("1", RowRole.SEED, 1.0, "new", "n", 0L, 0L, true);
    TokenizedExample tokens =
        small.tokenize(
            example(seed, customer, order("2", RowRole.CHILD, 2.0, "a", "b", 0L, 0L, true)));

    assertThat(tokens.size()).isEqualTo(9);
    for (int token = 0; token < 7; token++) {
      assertThat(tokens.roleId(token)).as("role of token %d", token).isZero();
    }
    assertThat(tokens.roleId(7)).isEqualTo(1);
    assertThat(tokens.roleId(8)).isEqualTo(1);
  }

  @Test
  void wideSeedKeepsFirstCells() {
    Tokenizer tiny = new Tokenizer(SCHEMA, TokenizerConfig.builder().maxTokens(3).build());
    ExampleRow customer =
        new ExampleRow("customers", "7", RowRole.PARENT, 1, 0L, new Object[] {7L, "Ada", 3L});
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
    assertThatThrownBy(() -> tokenizer.observe(example(row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ghosts");
  }

  @Test
  void columnIdsAreStable() {
    Tokenizer other = new Tokenizer(SCHEMA, CONFIG);
    TokenizedExample mine = tokenizeAmount(1.0);
    TokenizedExample theirs = other.tokenize(example(plainOrder("1", 1.0)));

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
}
