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
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskerTest {
  private static final int COLUMNS = 100;

  /** Examples have a seed, a parent and two children, of a table that is both parent and child. */
  private static final int ROWS = 4;

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
   * Returns a one-row example whose first {@code valid} cells are strings and whose other cells are
   * INVALID.
   */
  private TokenizedExample example(int key, int valid) {
    ExampleRow seed = row(key, RowRole.SEED, valid);
    return tokenizer.tokenize(new Example("wide", seed.key(), 0L, 0L, List.of(seed)));
  }

  private static ExampleRow row(int key, RowRole role, int valid) {
    Object[] values = new Object[COLUMNS + 1];
    values[0] = (long) key;
    for (int i = 0; i < COLUMNS; i++) {
      values[i + 1] = i < valid ? "v" + (key * 31 + i) % 7 : 1.5;
    }
    return new ExampleRow(
        "wide", Integer.toString(key), role, role == RowRole.SEED ? 0 : 1, 0L, values);
  }

  /** Returns an example of a seed, a parent and two children, each with {@code valid} cells. */
  private TokenizedExample family(int key, int valid) {
    List<ExampleRow> rows =
        List.of(
            row(key, RowRole.SEED, valid),
            row(key + 1, RowRole.PARENT, valid),
            row(key + 2, RowRole.CHILD, valid),
            row(key + 3, RowRole.CHILD, valid));
    TokenizerConfig wide = TokenizerConfig.builder().maxTokens(COLUMNS * ROWS).build();
    return new Tokenizer(schema(), wide)
        .tokenize(new Example("wide", rows.get(0).key(), 0L, 0L, rows));
  }

  private static Masker masker(double rate, MaskingStrategy strategy) {
    return new Masker(MaskingConfig.of(rate, strategy));
  }

  @Test
  void uniformRateIsCloseToRate() {
    Masker masker = masker(0.15, MaskingStrategy.UNIFORM);
    SplittableRandom random = new SplittableRandom(7L);
    int masked = 0;
    int cells = 0;
    for (int key = 0; key < 100; key++) {
      MaskedExample example = masker.mask(example(key, COLUMNS), random);
      masked += example.maskedCellCount();
      cells += example.example().cellCount();
    }

    assertThat(cells).isEqualTo(10_000);
    assertThat(masked / (double) cells).isBetween(0.13, 0.17);
  }

  @Test
  void everyStrategyMasksAtLeastOneCell() {
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      Masker masker = masker(0.10, strategy);
      SplittableRandom random = new SplittableRandom(1L);
      for (int key = 0; key < 300; key++) {
        MaskedExample example = masker.mask(example(key, 1), random);

        assertThat(example.maskedCellCount())
            .as("%s: masked cells of example %d", strategy, key)
            .isEqualTo(1);
        assertThat(example.isCellMasked(0)).as("%s: the only maskable cell", strategy).isTrue();
      }
    }
  }

  @Test
  void cellsWithoutTargetAreNeverMasked() {
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      Masker masker = masker(0.40, strategy);
      SplittableRandom random = new SplittableRandom(3L);
      MaskedExample allInvalid = masker.mask(example(1, 0), random);
      MaskedExample mixed = masker.mask(family(2, 50), random);

      assertThat(allInvalid.maskedCellCount()).as("%s on invalid cells", strategy).isZero();
      for (int cell = 0; cell < mixed.example().cellCount(); cell++) {
        if (!mixed.example().isCellMaskable(cell)) {
          assertThat(mixed.isCellMasked(cell)).as("%s: INVALID cell %d", strategy, cell).isFalse();
        }
      }
      assertThat(mixed.maskedCellCount()).as("%s on a mixed example", strategy).isPositive();
    }
  }

  @Test
  void columnAwareKeepsEveryColumnAtRate() {
    Masker masker = masker(0.15, MaskingStrategy.COLUMN_AWARE);
    SplittableRandom random = new SplittableRandom(5L);
    int[] offered = new int[COLUMNS];
    int[] masked = new int[COLUMNS];
    for (int key = 0; key < 2_000; key++) {
      // Column i is readable in a share of examples that falls with i, so high columns are rare,
      // and 5% of examples have only column c0, which forces its masks.
      int valid = key % 20 == 0 ? 1 : 1 + (key * 37) % COLUMNS;
      MaskedExample example = masker.mask(example(key, valid), random);
      for (int cell = 0; cell < valid; cell++) {
        offered[cell]++;
        masked[cell] += example.isCellMasked(cell) ? 1 : 0;
      }
    }

    for (int column = 0; column < COLUMNS; column++) {
      double rate = masked[column] / (double) offered[column];
      assertThat(rate)
          .as("rate of c%d over %d cells", column, offered[column])
          .isBetween(0.15 - 1.5 / offered[column], 0.15 + 1.5 / offered[column]);
      assertThat(masker.columnAwareRate("wide.c" + column)).isEqualTo(rate);
    }
  }

  @Test
  void correlatedMasksWholeRows() {
    Masker masker = masker(0.25, MaskingStrategy.CORRELATED);
    SplittableRandom random = new SplittableRandom(9L);
    int maskedRows = 0;
    for (int key = 0; key < 200; key++) {
      MaskedExample example = masker.mask(family(key * 10, COLUMNS), random);
      boolean[] rows = maskedRows(example);
      for (int cell = 0; cell < example.example().cellCount(); cell++) {
        assertThat(example.isCellMasked(cell))
            .as("example %d cell %d", key, cell)
            .isEqualTo(rows[example.example().cellRow(cell)]);
      }
      for (boolean row : rows) {
        maskedRows += row ? 1 : 0;
      }
    }

    assertThat(maskedRows / (200.0 * ROWS)).isBetween(0.22, 0.33);
  }

  @Test
  void correlatedTakesChildrenAlong() {
    Masker masker = new Masker(new MaskingConfig(0.25, Map.of(MaskingStrategy.CORRELATED, 1.0), true));
    SplittableRandom random = new SplittableRandom(4L);
    int seedMasked = 0;
    for (int key = 0; key < 200; key++) {
      MaskedExample example = masker.mask(family(key * 10, COLUMNS), random);
      boolean[] rows = maskedRows(example);
      // A seed masked as the child of its parent does not take its own children along.
      if (rows[0] && !rows[1]) {
        seedMasked++;
        assertThat(rows[2] && rows[3]).as("children of a masked seed, example %d", key).isTrue();
      }
      if (rows[1]) {
        assertThat(rows[0]).as("the seed, child of a masked parent, example %d", key).isTrue();
      }
    }

    assertThat(seedMasked).isPositive();
  }

  /**
   * Returns a two-hop example: the seed (row 0), its parent (1) and child (2) at hop 1, then the
   * parent's other child (3) and parent (4) and the child's child (5) at hop 2.
   */
  private static TokenizedExample twoHopFamily() {
    List<ExampleRow> rows =
        List.of(
            row(0, RowRole.SEED, COLUMNS),
            pathRow(1, RowRole.PARENT, 1, "wide/0"),
            pathRow(2, RowRole.CHILD, 1, "wide/0"),
            pathRow(3, RowRole.CHILD, 2, "wide/1"),
            pathRow(4, RowRole.PARENT, 2, "wide/1"),
            pathRow(5, RowRole.CHILD, 2, "wide/2"));
    TokenizerConfig wide = TokenizerConfig.builder().maxTokens(COLUMNS * rows.size()).build();
    return new Tokenizer(schema(), wide).tokenize(new Example("wide", "0", 0L, 0L, rows));
  }

  private static ExampleRow pathRow(int key, RowRole role, int hop, String via) {
    ExampleRow plain = row(key, role, COLUMNS);
    return new ExampleRow("wide", plain.key(), role, hop, 0L, plain.values(), via);
  }

  @Test
  void twoHopRowsKeepTheirPath() {
    TokenizedExample tokens = twoHopFamily();

    assertThat(tokens.rowCount()).isEqualTo(6);
    int[] viaRows = new int[tokens.rowCount()];
    for (int row = 0; row < viaRows.length; row++) {
      viaRows[row] = tokens.rowVia(row);
    }
    assertThat(viaRows).containsExactly(-1, 0, 0, 1, 1, 2);
  }

  @Test
  void correlatedChildrenFollowPath() {
    TokenizedExample tokens = twoHopFamily();

    // The seed's only child is row 2, because rows 3 and 5 are children of other rows.
    assertThat(childrenMasked(tokens, 0)).containsExactly(true, false, true, false, false, false);
    // The parent's children are the seed it was reached from and its other child.
    assertThat(childrenMasked(tokens, 1)).containsExactly(true, true, false, true, false, false);
    assertThat(childrenMasked(tokens, 2)).containsExactly(false, false, true, false, false, true);
    assertThat(childrenMasked(tokens, 3)).containsExactly(false, false, false, true, false, false);
    // The grandparent's child is the parent, not the seed.
    assertThat(childrenMasked(tokens, 4)).containsExactly(false, true, false, false, true, false);
    assertThat(childrenMasked(tokens, 5)).containsExactly(false, false, false, false, false, true);
  }

  @Test
  void correlatedSeedLeavesOtherChildren() {
    Masker masker = new Masker(new MaskingConfig(0.10, Map.of(MaskingStrategy.CORRELATED, 1.0), true));
    SplittableRandom random = new SplittableRandom(6L);
    TokenizedExample tokens = twoHopFamily();
    int seedWithOwnChild = 0;
    for (int draw = 0; draw < 300; draw++) {
      boolean[] rows = maskedRows(masker.mask(tokens, random));
      if (rows[0] && !rows[1]) {
        assertThat(rows[2]).as("the seed's child in draw %d", draw).isTrue();
      }
      // A seed chosen alone masks its own child and leaves the hop-2 children 3 and 5 alone.
      if (java.util.Arrays.equals(rows, new boolean[] {true, false, true, false, false, false})) {
        seedWithOwnChild++;
      }
    }

    assertThat(seedWithOwnChild).isPositive();
  }

  private static boolean[] childrenMasked(TokenizedExample tokens, int chosenRow) {
    boolean[] chosen = new boolean[tokens.rowCount()];
    chosen[chosenRow] = true;
    return CorrelatedChooser.withChildren(tokens, chosen);
  }

  /** Returns whether each row is masked, checking that a row is masked whole or not at all. */
  private static boolean[] maskedRows(MaskedExample example) {
    TokenizedExample tokens = example.example();
    boolean[] rows = new boolean[tokens.rowCount()];
    for (int cell = 0; cell < tokens.cellCount(); cell++) {
      rows[tokens.cellRow(cell)] |= example.isCellMasked(cell);
    }
    return rows;
  }

  @Test
  void mixUsesEveryStrategyByWeight() {
    Map<MaskingStrategy, Double> weights = MaskingConfig.parseWeights("uniform:0.7,correlated:0.3");
    Masker masker = new Masker(new MaskingConfig(0.15, weights, false));
    SplittableRandom random = new SplittableRandom(2L);
    int wholeExamples = 0;
    for (int key = 0; key < 1_000; key++) {
      MaskedExample example = masker.mask(family(key * 10, COLUMNS), random);
      // A correlated mask of a four-row example masks 100 cells or more; uniform almost never.
      wholeExamples += example.maskedCellCount() >= COLUMNS ? 1 : 0;
    }

    assertThat(wholeExamples / 1_000.0).isBetween(0.25, 0.35);
  }

  @Test
  void sameRandomGivesSameMasks() {
    Masker first = masker(0.2, MaskingStrategy.COLUMN_AWARE);
    Masker second = masker(0.2, MaskingStrategy.COLUMN_AWARE);
    SplittableRandom a = new SplittableRandom(99L);
    SplittableRandom b = new SplittableRandom(99L);
    for (int key = 0; key < 20; key++) {
      TokenizedExample tokens = example(key, COLUMNS);
      MaskedExample firstMasks = first.mask(tokens, a);
      MaskedExample secondMasks = second.mask(tokens, b);
      for (int cell = 0; cell < tokens.cellCount(); cell++) {
        assertThat(secondMasks.isCellMasked(cell))
            .as("example %d cell %d", key, cell)
            .isEqualTo(firstMasks.isCellMasked(cell));
      }
    }
  }

  @Test
  void columnCountsSurviveRestore() {
    Masker masker = masker(0.15, MaskingStrategy.COLUMN_AWARE);
    SplittableRandom random = new SplittableRandom(8L);
    for (int key = 0; key < 50; key++) {
      masker.mask(example(key, 10), random);
    }
    Masker restored = masker(0.15, MaskingStrategy.COLUMN_AWARE);
    restored.restore(masker.snapshot());

    assertThat(restored.snapshot()).isEqualTo(masker.snapshot());
    assertThat(restored.columnAwareRate("wide.c3")).isEqualTo(masker.columnAwareRate("wide.c3"));
    TokenizedExample probe = example(77, 10);
    MaskedExample expected = masker.mask(probe, new SplittableRandom(1L));
    MaskedExample actual = restored.mask(probe, new SplittableRandom(1L));
    for (int cell = 0; cell < probe.cellCount(); cell++) {
      assertThat(actual.isCellMasked(cell)).as("cell %d", cell).isEqualTo(expected.isCellMasked(cell));
    }
    assertThatThrownBy(() -> restored.restore(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void targetsKeepValueAndType() {
    TokenizedExample tokens = example(3, COLUMNS);
    boolean[] cells = new boolean[tokens.cellCount()];
    cells[4] = true;
    MaskedExample masked = new MaskedExample(tokens, cells);

    List<CellTarget> targets = masked.targets();
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).cell()).isEqualTo(4);
    assertThat(targets.get(0).column()).isEqualTo("wide.c4");
    assertThat(targets.get(0).type()).isEqualTo(CellTarget.Type.CLASS);
    assertThat(targets.get(0).classIndex()).isEqualTo(tokens.targetClass(4));
    assertThat(masked.isMasked(4)).isTrue();
    assertThat(masked.maskedCount()).isEqualTo(1);
  }

  @Test
  void maskedExampleRejectsMaskOnInvalidCell() {
    TokenizedExample tokens = example(1, 0);
    boolean[] masked = new boolean[tokens.cellCount()];
    masked[3] = true;

    assertThatThrownBy(() -> new MaskedExample(tokens, masked))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cell 3 (wide.c3)");
    assertThatThrownBy(() -> new MaskedExample(tokens, new boolean[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 entries");
  }

  @Test
  void rateOutOfRangeIsRejected() {
    for (double rate : new double[] {0.05, 0.41, Double.NaN, -1}) {
      assertThatThrownBy(() -> MaskingConfig.of(rate, MaskingStrategy.UNIFORM))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[0.1, 0.4]")
          .hasMessageEndingWith("but was " + rate);
    }
    assertThat(MaskingConfig.of(0.10, MaskingStrategy.UNIFORM).rate()).isEqualTo(0.10);
    assertThat(MaskingConfig.of(0.40, MaskingStrategy.UNIFORM).rate()).isEqualTo(0.40);
  }

  @Test
  void strategyMixIsParsed() {
    assertThat(MaskingConfig.parseWeights("column-aware"))
        .containsExactlyEntriesOf(Map.of(MaskingStrategy.COLUMN_AWARE, 1.0));
    assertThat(MaskingConfig.parseWeights(" Uniform:0.7, correlated:0.3"))
        .containsEntry(MaskingStrategy.UNIFORM, 0.7)
        .containsEntry(MaskingStrategy.CORRELATED, 0.3);
    assertThatThrownBy(() -> MaskingConfig.parseWeights("random"))
        .hasMessageContaining("Unknown masking strategy 'random'");
    assertThatThrownBy(() -> MaskingConfig.parseWeights("uniform:0.5,correlated:0.3"))
        .hasMessageContaining("sum to 1 but sum to 0.8");
    assertThatThrownBy(() -> MaskingConfig.parseWeights("uniform:0.5,uniform:0.5"))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> MaskingConfig.parseWeights("uniform:x"))
        .hasMessageContaining("Invalid masking weight in 'uniform:x'");
    assertThatThrownBy(() -> MaskingConfig.parseWeights("uniform:1.5,correlated:-0.5"))
        .hasMessageContaining("must be in (0, 1]");
  }

  @Test
  void seedTargetRowsMaskOnlySeedCells() {
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      MaskingConfig config =
          new MaskingConfig(0.15, Map.of(strategy, 1.0), true, TargetRows.SEED);
      Masker masker = new Masker(config);
      SplittableRandom random = new SplittableRandom(12L);
      for (int key = 0; key < 100; key++) {
        MaskedExample example = masker.mask(family(key * 10, COLUMNS), random);
        boolean[] rows = maskedRows(example);

        assertThat(rows[0]).as("%s: seed row of example %d", strategy, key).isTrue();
        assertThat(rows[1] || rows[2] || rows[3])
            .as("%s: context rows of example %d", strategy, key)
            .isFalse();
      }
    }
  }

  @Test
  void seedTargetRowsKeepRateOnSeed() {
    MaskingConfig config =
        MaskingConfig.of(0.15, MaskingStrategy.COLUMN_AWARE).withTargetRows(TargetRows.SEED);
    Masker masker = new Masker(config);
    SplittableRandom random = new SplittableRandom(13L);
    int masked = 0;
    for (int key = 0; key < 200; key++) {
      masked += masker.mask(family(key * 10, COLUMNS), random).maskedCellCount();
    }

    // 200 seed rows of 100 cells each at rate 0.15: the context rows add no targets.
    assertThat(masked / (200.0 * COLUMNS)).isBetween(0.14, 0.16);
    assertThat(masker.columnAwareRate("wide.c0")).isBetween(0.14, 0.16);
  }

  @Test
  void seedTargetRowsWithoutSeedTarget() {
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      Masker masker =
          new Masker(MaskingConfig.of(0.40, strategy).withTargetRows(TargetRows.SEED));
      List<ExampleRow> rows =
          List.of(row(0, RowRole.SEED, 0), row(1, RowRole.PARENT, COLUMNS));
      TokenizerConfig wide = TokenizerConfig.builder().maxTokens(COLUMNS * 2).build();
      TokenizedExample tokens =
          new Tokenizer(schema(), wide).tokenize(new Example("wide", "0", 0L, 0L, rows));

      assertThat(masker.mask(tokens, new SplittableRandom(1L)).maskedCellCount())
          .as("%s on a seed row without targets", strategy)
          .isZero();
    }
  }

  @Test
  void targetRowsAreParsed() {
    assertThat(TargetRows.fromOptionName("all")).isEqualTo(TargetRows.ALL);
    assertThat(TargetRows.fromOptionName(" Seed ")).isEqualTo(TargetRows.SEED);
    assertThatThrownBy(() -> TargetRows.fromOptionName("context"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid masking target rows 'context': expected all or seed");
    assertThat(MaskingConfig.of(0.15, MaskingStrategy.UNIFORM).targetRows())
        .isEqualTo(TargetRows.ALL);
  }
}
