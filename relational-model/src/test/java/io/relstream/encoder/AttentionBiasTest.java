package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the relational attention bias on a hand-made 2-hop example. Every table has one content
 * column, so token t is row t:
 *
 * <pre>
 * t0 results/1  seed      points
 * t1 races/7    parent of results/1 (hop 1)   year
 * t2 pitstops/3 child of results/1 (hop 1)    ms
 * t3 circuits/2 parent of races/7 (hop 2)     country
 * t4 results/9  child of races/7 (hop 2)      points
 * </pre>
 */
class AttentionBiasTest {
  private static final int LENGTH = 5;
  private final Tokenizer tokenizer = new Tokenizer(schema(), TokenizerConfig.defaults());

  @Test
  void columnGroupJoinsSameColumnAcrossRows() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    assertThat(allowedKeys(bias, 0, AttentionBias.COLUMN, 0, LENGTH)).containsExactly(0, 4);
    assertThat(allowedKeys(bias, 0, AttentionBias.COLUMN, 1, LENGTH)).containsExactly(1);
    assertThat(allowedKeys(bias, 0, AttentionBias.COLUMN, 4, LENGTH)).containsExactly(0, 4);
  }

  @Test
  void featureGroupSeesOwnRowAndParents() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    assertThat(allowedKeys(bias, 0, AttentionBias.FEATURE, 0, LENGTH)).containsExactly(0, 1);
    assertThat(allowedKeys(bias, 0, AttentionBias.FEATURE, 1, LENGTH)).containsExactly(1, 3);
    assertThat(allowedKeys(bias, 0, AttentionBias.FEATURE, 2, LENGTH)).containsExactly(0, 2);
    assertThat(allowedKeys(bias, 0, AttentionBias.FEATURE, 3, LENGTH)).containsExactly(3);
    assertThat(allowedKeys(bias, 0, AttentionBias.FEATURE, 4, LENGTH)).containsExactly(1, 4);
  }

  @Test
  void neighbourGroupSeesChildrenOrSelf() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    assertThat(allowedKeys(bias, 0, AttentionBias.NEIGHBOUR, 0, LENGTH)).containsExactly(0, 2);
    assertThat(allowedKeys(bias, 0, AttentionBias.NEIGHBOUR, 1, LENGTH)).containsExactly(0, 1, 4);
    assertThat(allowedKeys(bias, 0, AttentionBias.NEIGHBOUR, 2, LENGTH)).containsExactly(2);
    assertThat(allowedKeys(bias, 0, AttentionBias.NEIGHBOUR, 3, LENGTH)).containsExactly(1, 3);
    assertThat(allowedKeys(bias, 0, AttentionBias.NEIGHBOUR, 4, LENGTH)).containsExactly(4);
  }

  @Test
  void fullGroupSeesEveryToken() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    for (int query = 0; query < LENGTH; query++) {
      assertThat(allowedKeys(bias, 0, AttentionBias.FULL, query, LENGTH))
          .containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void relationsOfKeyRows() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    assertThat(relations(bias, 0, 0)).containsExactly(
        AttentionBias.SAME_ROW,
        AttentionBias.PARENT_ROW,
        AttentionBias.CHILD_ROW,
        AttentionBias.OTHER_ROW,
        AttentionBias.OTHER_ROW);
    assertThat(relations(bias, 0, 1)).containsExactly(
        AttentionBias.CHILD_ROW,
        AttentionBias.SAME_ROW,
        AttentionBias.OTHER_ROW,
        AttentionBias.PARENT_ROW,
        AttentionBias.CHILD_ROW);
    assertThat(relations(bias, 0, 4)).containsExactly(
        AttentionBias.OTHER_ROW,
        AttentionBias.PARENT_ROW,
        AttentionBias.OTHER_ROW,
        AttentionBias.OTHER_ROW,
        AttentionBias.SAME_ROW);
  }

  @Test
  void paddingHasNoRelation() {
    TokenizedExample seedOnly = tokenizer.tokenize(example(List.of(seed())));
    float[] bias =
        AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops(), seedOnly), 128));

    assertThat(relations(bias, 1, 0)).containsExactly(AttentionBias.SAME_ROW, -1, -1, -1, -1);
    assertThat(relations(bias, 1, 2)).containsOnly(-1);
  }

  @Test
  void paddingKeysBlockedQueriesSeeSelf() {
    TokenizedExample seedOnly = tokenizer.tokenize(example(List.of(seed())));
    float[] bias =
        AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops(), seedOnly), 128));

    for (int group = 0; group < EncoderConfig.ATTENTION_GROUPS; group++) {
      assertThat(allowedKeys(bias, 1, group, 0, LENGTH)).containsExactly(0);
      for (int padding = 1; padding < LENGTH; padding++) {
        assertThat(allowedKeys(bias, 1, group, padding, LENGTH)).containsExactly(padding);
      }
    }
  }

  @Test
  void everyQueryHasAnAllowedKey() {
    float[] bias = AttentionBias.relational(TokenBatch.collateUnmasked(List.of(twoHops()), 128));

    for (int group = 0; group < EncoderConfig.ATTENTION_GROUPS; group++) {
      for (int query = 0; query < LENGTH; query++) {
        assertThat(allowedKeys(bias, 0, group, query, LENGTH)).contains(query);
      }
    }
  }

  @Test
  void pathlessHopOneRowJoinsSeed() {
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(seed());
    rows.add(row("races", "7", RowRole.PARENT, 1, null, 2009L));
    TokenizedExample example = tokenizer.tokenize(example(rows));

    assertThat(example.rowVia(0)).isEqualTo(-1);
    assertThat(example.rowVia(1)).isEqualTo(0);
    assertThat(example.rowHop(1)).isEqualTo(1);
  }

  @Test
  void keyPaddingBlocksOnlyPadding() {
    TokenizedExample seedOnly = tokenizer.tokenize(example(List.of(seed())));
    float[] bias =
        AttentionBias.keyPadding(TokenBatch.collateUnmasked(List.of(twoHops(), seedOnly), 128));

    assertThat(bias).hasSize(2 * LENGTH);
    assertThat(bias[4]).isZero();
    assertThat(bias[LENGTH]).isZero();
    assertThat(bias[LENGTH + 1]).isEqualTo(AttentionBias.BLOCKED);
  }

  /**
   * Returns per key the one relation channel that is 1 for the query, or -1 where none is, and
   * fails when more than one is.
   */
  private static List<Integer> relations(float[] bias, int example, int query) {
    List<Integer> relations = new ArrayList<>();
    for (int key = 0; key < LENGTH; key++) {
      int found = -1;
      for (int relation = 0; relation < AttentionBias.RELATIONS; relation++) {
        float value =
            bias[AttentionBias.index(
                example, EncoderConfig.ATTENTION_GROUPS + relation, query, key, LENGTH)];
        if (value == 1f) {
          assertThat(found).as("relations of key %d", key).isEqualTo(-1);
          found = relation;
        } else {
          assertThat(value).isZero();
        }
      }
      relations.add(found);
    }
    return relations;
  }

  private static Set<Integer> allowedKeys(
      float[] bias, int example, int group, int query, int length) {
    Set<Integer> keys = new TreeSet<>();
    for (int key = 0; key < length; key++) {
      if (bias[AttentionBias.index(example, group, query, key, length)] == 0f) {
        keys.add(key);
      }
    }
    return keys;
  }

  private TokenizedExample twoHops() {
    TokenizedExample example =
        tokenizer.tokenize(
            example(
                List.of(
                    seed(),
                    row("races", "7", RowRole.PARENT, 1, "results/1", 2009L),
                    row("pitstops", "3", RowRole.CHILD, 1, "results/1", 12_000L),
                    row("circuits", "2", RowRole.PARENT, 2, "races/7", "Monaco"),
                    row("results", "9", RowRole.CHILD, 2, "races/7", 6.0))));
    assertThat(example.size()).isEqualTo(LENGTH);
    assertThat(example.rowCount()).isEqualTo(LENGTH);
    return example;
  }

  private static ExampleRow seed() {
    return row("results", "1", RowRole.SEED, 0, null, 10.0);
  }

  private static ExampleRow row(
      String table, String key, RowRole role, int hop, String via, Object value) {
    return new ExampleRow(table, key, role, hop, 0L, new Object[] {Long.parseLong(key), value}, via);
  }

  private static Example example(List<ExampleRow> rows) {
    return new Example("results", "1", 0L, 0L, rows);
  }

  private static DatabaseSchema schema() {
    return new DatabaseSchema(
        List.of(
            table("results", "points", "float8", Types.DOUBLE, SemanticType.NUMERIC),
            table("races", "year", "int8", Types.BIGINT, SemanticType.NUMERIC),
            table("pitstops", "ms", "int8", Types.BIGINT, SemanticType.NUMERIC),
            table("circuits", "country", "text", Types.VARCHAR, SemanticType.CATEGORICAL)));
  }

  private static TableSchema table(
      String name, String column, String typeName, int jdbcType, SemanticType type) {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
            new ColumnSchema(column, typeName, jdbcType, type, true));
    return new TableSchema(name, columns, List.of("id"), List.of(), null, null);
  }
}
