package io.relstream.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniformMaskerTest {
  private static final int COLUMNS = 100;
  private final Tokenizer tokenizer = new Tokenizer(schema(), TokenizerConfig.defaults());

  /**
   * Returns a schema of one table with a key and {@value #COLUMNS} categorical columns c0, c1 and
   * so on.
   */
  private static DatabaseSchema schema() {
    List<ColumnSchema> columns = new ArrayList<>();
    columns.add(new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false));
    for (int i = 0; i < COLUMNS; i++) {
      columns.add(new ColumnSchema("c" + i, "text", Types.VARCHAR, SemanticType.CATEGORICAL, true));
    }
    return new DatabaseSchema(
        List.of(new TableSchema("wide", columns, List.of("id"), List.of(), null, null)));
  }

  /**
   * Returns an example whose first {@code valid} cells are strings and whose other cells are
   * INVALID.
   */
  private TokenizedExample example(int key, int valid) {
    Object[] values = new Object[COLUMNS + 1];
    values[0] = (long) key;
    for (int i = 0; i < COLUMNS; i++) {
      values[i + 1] = i < valid ? "v" + (key * 31 + i) % 7 : 1.5;
    }
    ExampleRow seed = new ExampleRow("wide", Integer.toString(key), RowRole.SEED, 0, 0L, values);
    return tokenizer.tokenize(new Example("wide", seed.key(), 0L, 0L, List.of(seed)));
  }

  @Test
  void realizedRateIsCloseToRate() {
    UniformMasker masker = new UniformMasker(0.15, 7L);
    int masked = 0;
    int tokens = 0;
    for (int key = 0; key < 100; key++) {
      MaskedExample example = masker.mask(example(key, COLUMNS));
      masked += example.maskedCount();
      tokens += example.size();
    }

    assertThat(tokens).isEqualTo(10_000);
    assertThat(masked / (double) tokens).isBetween(0.13, 0.17);
  }

  @Test
  void everyExampleWithMaskableTokenGetsOne() {
    UniformMasker masker = new UniformMasker(0.10, 1L);
    for (int key = 0; key < 500; key++) {
      TokenizedExample tokens = example(key, 1);
      MaskedExample example = masker.mask(tokens);

      assertThat(example.maskedCount()).as("masked tokens of example %d", key).isEqualTo(1);
      assertThat(example.isMasked(0)).as("the only maskable token of example %d", key).isTrue();
    }
  }

  @Test
  void invalidTokensAreNeverMasked() {
    UniformMasker masker = new UniformMasker(0.40, 3L);
    MaskedExample allInvalid = masker.mask(example(1, 0));
    MaskedExample mixed = masker.mask(example(2, 50));

    assertThat(allInvalid.maskedCount()).isZero();
    for (int token = 50; token < COLUMNS; token++) {
      assertThat(mixed.isMasked(token)).as("INVALID token %d", token).isFalse();
    }
    assertThat(mixed.maskedCount()).isPositive();
  }

  @Test
  void rateOutOfRangeIsRejected() {
    for (double rate : new double[] {0.05, 0.41, Double.NaN, -1}) {
      assertThatThrownBy(() -> new UniformMasker(rate, 1L))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[0.1, 0.4]")
          .hasMessageEndingWith("but was " + rate);
    }
    assertThat(new UniformMasker(0.10, 1L).rate()).isEqualTo(0.10);
    assertThat(new UniformMasker(0.40, 1L).rate()).isEqualTo(0.40);
  }

  @Test
  void sameSeedGivesSameMasks() {
    UniformMasker first = new UniformMasker(0.2, 99L);
    UniformMasker second = new UniformMasker(0.2, 99L);
    UniformMasker other = new UniformMasker(0.2, 100L);
    boolean anyDifference = false;
    for (int key = 0; key < 20; key++) {
      TokenizedExample tokens = example(key, COLUMNS);
      MaskedExample a = first.mask(tokens);
      MaskedExample b = second.mask(tokens);
      MaskedExample c = other.mask(tokens);
      for (int token = 0; token < tokens.size(); token++) {
        assertThat(b.isMasked(token))
            .as("example %d token %d", key, token)
            .isEqualTo(a.isMasked(token));
        anyDifference |= c.isMasked(token) != a.isMasked(token);
      }
    }

    assertThat(anyDifference).as("another seed gives other masks").isTrue();
  }

  @Test
  void maskedExampleRejectsMaskOnInvalidToken() {
    TokenizedExample tokens = example(1, 0);
    boolean[] masked = new boolean[tokens.size()];
    masked[3] = true;

    assertThatThrownBy(() -> new MaskedExample(tokens, masked))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Token 3");
    assertThatThrownBy(() -> new MaskedExample(tokens, new boolean[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 entries");
  }
}
