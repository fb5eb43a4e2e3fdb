package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test: rows of random hostile values in every kind of column are observed, tokenized,
 * masked, snapshotted and restored without an exception, and every token is a valid id.
 */
class HostileValuesTest {
  private static final int EXAMPLES = 3_000;
  private static final String TEN_MEGABYTES = "Lorem ipsum dolor ".repeat(10 * 1024 * 1024 / 18);
  private static final long YEAR_ZERO = -62_167_219_200_000L;
  private static final long YEAR_9999 = 253_402_214_400_000L;

  private static final Object[] HOSTILE = {
    null,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Float.NaN,
    -0.0,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MAX_VALUE,
    Integer.MIN_VALUE,
    new BigDecimal("1e400"),
    new BigDecimal("-1e-400"),
    BigInteger.TWO.pow(100),
    "",
    " ",
    "\u0000",
    "ab\uD800cd",
    "\uDC00",
    "\uD83D\uDE00 emoji",
    "\uD800".repeat(100),
    new byte[] {(byte) 0xc3, (byte) 0x28},
    new byte[] {(byte) 0xff},
    "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8),
    new byte[0],
    TEN_MEGABYTES,
    "x".repeat(65),
    YEAR_ZERO,
    YEAR_9999,
    0L,
    -1L,
    86_400_000L,
    86_400_001L,
    true,
    false,
    'c',
    List.of(1, 2),
    new Object(),
    new int[] {1},
  };

  private static final DatabaseSchema SCHEMA =
      new DatabaseSchema(
          List.of(
              new TableSchema(
                  "things",
                  List.of(
                      new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
                      new ColumnSchema("count", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
                      new ColumnSchema("small", "int2", Types.SMALLINT, SemanticType.NUMERIC, true),
                      new ColumnSchema("ratio", "float4", Types.REAL, SemanticType.NUMERIC, true),
                      new ColumnSchema("amount", "numeric", Types.NUMERIC, SemanticType.NUMERIC, true),
                      new ColumnSchema("kind", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, true),
                      new ColumnSchema("flag", "bool", Types.BOOLEAN, SemanticType.CATEGORICAL, true),
                      new ColumnSchema("body", "text", Types.VARCHAR, SemanticType.TEXT, true),
                      new ColumnSchema("at", "timestamp", Types.TIMESTAMP, SemanticType.TIMESTAMP, true),
                      new ColumnSchema("born", "date", Types.DATE, SemanticType.TIMESTAMP, true),
                      new ColumnSchema("opens", "time", Types.TIME, SemanticType.TIMESTAMP, true)),
                  List.of("id"),
                  List.of(),
                  "at",
                  null)));

  @Test
  void hostileRowsNeverThrow() {
    TokenizerConfig config = TokenizerConfig.builder().refreshRows(500).build();
    Tokenizer tokenizer = new Tokenizer(SCHEMA, config);
    Masker masker = new Masker(new MaskingConfig(0.4, MaskingConfig.parseWeights(
        "uniform:0.4,column-aware:0.3,correlated:0.3"), true));
    SplittableRandom random = new SplittableRandom(13L);
    int tokens = 0;
    for (int i = 0; i < EXAMPLES; i++) {
      Example example = example(i, random);
      tokenizer.observe(example);
      tokenizer.refreshIfDue(i);
      TokenizedExample tokenized = tokenizer.tokenize(example);
      checkIds(tokenized, config);
      MaskedExample masked = masker.mask(tokenized, random);
      assertThat(masked.maskedCellCount()).isLessThanOrEqualTo(tokenized.cellCount());
      tokens += tokenized.size();
    }
    Tokenizer restored = new Tokenizer(SCHEMA, config);
    restored.restore(tokenizer.snapshotSketches(), tokenizer.version().toBytes());

    assertThat(tokens).isGreaterThan(EXAMPLES * 10);
    assertThat(tokenizer.version().number()).isGreaterThan(5);
    assertThat(restored.version()).isEqualTo(tokenizer.version());
    tokenizer.refresh(EXAMPLES);
    restored.refresh(EXAMPLES);
    assertThat(restored.version()).as("versions built from restored sketches").isEqualTo(tokenizer.version());
  }

  @Test
  void everyHostileValueInEveryColumn() {
    Tokenizer tokenizer = new Tokenizer(SCHEMA, TokenizerConfig.defaults());
    for (int round = 0; round < 2; round++) {
      for (Object value : HOSTILE) {
        Object[] values = new Object[12];
        values[0] = 1L;
        for (int column = 1; column < values.length; column++) {
          values[column] = value;
        }
        ExampleRow row = new ExampleRow("things", "1", RowRole.SEED, 0, 0L, values);
        Example example = new Example("things", "1", YEAR_9999, 0L, List.of(row));
        tokenizer.observe(example);
        TokenizedExample tokens = tokenizer.tokenize(example);

        assertThat(tokens.cellCount()).as("cells of %s", describe(value)).isEqualTo(10);
        checkIds(tokens, tokenizer.config());
      }
      tokenizer.refresh(round);
    }
  }

  private static void checkIds(TokenizedExample tokens, TokenizerConfig config) {
    for (int token = 0; token < tokens.size(); token++) {
      assertThat(tokens.valueId(token)).isBetween(ValueIds.NULL, config.vocabularySize() - 1);
      assertThat(tokens.valueId(token)).isNotEqualTo(ValueIds.OOV);
      assertThat(Float.isFinite(tokens.numericValue(token))).isTrue();
      for (int feature = 0; feature < TokenizedExample.TIME_FEATURES; feature++) {
        assertThat(Float.isFinite(tokens.timeFeature(token, feature))).isTrue();
      }
    }
  }

  private static Example example(int key, SplittableRandom random) {
    Object[] values = new Object[12];
    values[0] = (long) key;
    for (int column = 1; column < values.length; column++) {
      values[column] = random.nextInt(4) == 0 ? ordinary(column, random) : hostile(random);
    }
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(new ExampleRow("things", Integer.toString(key), RowRole.SEED, 0, 0L, values));
    rows.add(new ExampleRow("things", "p" + key, RowRole.PARENT, 1, 0L, values.clone()));
    long seedTime = random.nextBoolean() ? YEAR_9999 : random.nextLong();
    return new Example("things", Integer.toString(key), seedTime, 0L, rows);
  }

  private static Object hostile(SplittableRandom random) {
    return HOSTILE[random.nextInt(HOSTILE.length)];
  }

  private static Object ordinary(int column, SplittableRandom random) {
    return switch (column) {
      case 1, 2 -> (long) random.nextInt(100);
      case 3, 4 -> random.nextDouble() * 100;
      case 5, 7 -> "v" + random.nextInt(20);
      case 6 -> random.nextBoolean();
      default -> random.nextLong(0, 86_400_000L);
    };
  }

  private static String describe(Object value) {
    if (value instanceof String text && text.length() > 40) {
      return "a string of " + text.length() + " chars";
    }
    return String.valueOf(value);
  }
}
