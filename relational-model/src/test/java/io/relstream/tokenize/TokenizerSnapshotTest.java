package io.relstream.tokenize;

import static io.relstream.tokenize.TokenizerTest.example;
import static io.relstream.tokenize.TokenizerTest.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.example.Example;
import io.relstream.example.RowRole;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerSnapshotTest {
  private final Tokenizer tokenizer = new Tokenizer(TokenizerTest.SCHEMA, TokenizerConfig.defaults());

  private void observeOrders(int from, int to) {
    for (int i = from; i < to; i++) {
      tokenizer.observe(
          example(
              order(Integer.toString(i), RowRole.SEED, i * 3.5, "s" + i % 9, "n" + i % 4,
                  i * 1_000_000L, i * 60_000L, i % 2 == 0)));
    }
  }

  private static Example probe() {
    return example(order("9", RowRole.SEED, 77.0, "s3", "n2", 12_345_678L, 3_600_000L, false));
  }

  @Test
  void restoreGivesSameVersionAndTokens() {
    observeOrders(0, 500);
    tokenizer.refresh(0L);
    observeOrders(500, 800);
    Tokenizer restored = new Tokenizer(TokenizerTest.SCHEMA, TokenizerConfig.defaults());
    restored.restore(tokenizer.snapshotSketches(), tokenizer.version().toBytes());

    assertThat(restored.version()).isEqualTo(tokenizer.version());
    assertThat(restored.version().vocabulary("orders.status"))
        .isEqualTo(tokenizer.version().vocabulary("orders.status"))
        .contains("s3");
    assertThat(restored.observedRows()).isEqualTo(800);
    assertSameTokens(restored.tokenize(probe()), tokenizer.tokenize(probe()));

    tokenizer.refresh(1L);
    restored.refresh(1L);
    assertThat(restored.version()).as("next version from restored sketches").isEqualTo(tokenizer.version());
    assertThat(restored.version().rowsObserved()).isEqualTo(800);
    assertSameTokens(restored.tokenize(probe()), tokenizer.tokenize(probe()));
  }

  @Test
  void restoreKeepsRefreshSchedule() {
    observeOrders(0, 10);
    tokenizer.refreshIfDue(0L);
    Tokenizer restored = new Tokenizer(TokenizerTest.SCHEMA, TokenizerConfig.defaults());
    restored.restore(tokenizer.snapshotSketches(), tokenizer.version().toBytes());
    observeOrders(10, 15);
    for (int i = 10; i < 15; i++) {
      restored.observe(example(order("1", RowRole.SEED, 1.0, "s", "n", 0L, 0L, true)));
    }

    assertThat(restored.refreshIfDue(1L)).as("5 rows after a version of 10 rows").isFalse();
    assertThat(tokenizer.refreshIfDue(1L)).isFalse();
  }

  @Test
  void versionBytesRoundTrip() {
    observeOrders(0, 300);
    tokenizer.refresh(0L);
    TokenizerVersion version = tokenizer.version();
    TokenizerVersion copy = TokenizerVersion.fromBytes(version.toBytes());

    assertThat(copy).isEqualTo(version);
    assertThat(copy.number()).isEqualTo(1);
    assertThat(copy.binEdges("orders.amount")).hasSize(31);
    assertThat(copy.median("orders.amount")).isEqualTo(version.median("orders.amount"));
    assertThat(copy.scale("orders.amount")).isPositive();
  }

  @Test
  void corruptSnapshotIsRejected() {
    observeOrders(0, 50);
    tokenizer.refresh(0L);
    byte[] sketches = tokenizer.snapshotSketches();
    byte[] version = tokenizer.version().toBytes();
    byte[] truncated = Arrays.copyOf(sketches, sketches.length - 3);
    byte[] otherFormat = sketches.clone();
    otherFormat[0] = 9;
    byte[] truncatedVersion = Arrays.copyOf(version, version.length - 3);

    assertThatThrownBy(() -> tokenizer.restore(truncated, version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid");
    assertThatThrownBy(() -> tokenizer.restore(otherFormat, version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> tokenizer.restore(sketches, truncatedVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid tokenizer version");
  }

  @Test
  void restoreToleratesSchemaChange() {
    observeOrders(0, 100);
    tokenizer.refresh(0L);
    DatabaseSchema wider =
        new DatabaseSchema(
            List.of(
                new TableSchema(
                    "orders",
                    List.of(
                        new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
                        new ColumnSchema("amount", "float8", Types.DOUBLE, SemanticType.NUMERIC, true),
                        new ColumnSchema("weight", "float8", Types.DOUBLE, SemanticType.NUMERIC, true)),
                    List.of("id"),
                    List.of(),
                    null,
                    null)));
    Tokenizer other = new Tokenizer(wider, TokenizerConfig.defaults());
    other.restore(tokenizer.snapshotSketches(), tokenizer.version().toBytes());

    assertThat(other.version().binEdges("orders.amount"))
        .isEqualTo(tokenizer.version().binEdges("orders.amount"));
    assertThat(other.version().binEdges("orders.weight")).isEmpty();
    other.refresh(0L);
    assertThat(other.version().binEdges("orders.amount"))
        .isEqualTo(tokenizer.version().binEdges("orders.amount"));
  }

  private static void assertSameTokens(TokenizedExample actual, TokenizedExample expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    assertThat(actual.tokenizerVersion()).isEqualTo(expected.tokenizerVersion());
    for (int token = 0; token < expected.size(); token++) {
      assertThat(actual.valueId(token)).as("value id %d", token).isEqualTo(expected.valueId(token));
      assertThat(actual.targetClass(token)).as("target %d", token).isEqualTo(expected.targetClass(token));
      assertThat(actual.numericValue(token))
          .as("numeric value %d", token)
          .isEqualTo(expected.numericValue(token));
    }
  }
}
