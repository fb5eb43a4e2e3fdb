package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relstream.example.Example;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The masking objective on 10,000 F1 examples, prepared in batches as the training operator
 * prepares them: realized rates per column, whole-row masking, one tokenizer version per batch and
 * identifier detection. Skipped when the F1 dataset is absent.
 */
class F1MaskingTest {
  private static final int EXAMPLES = 10_000;
  private static final int BATCH = 128;
  private static final double RATE = 0.15;

  /** Columns with fewer maskable cells than this have too coarse a realized rate to compare. */
  private static final int MIN_CELLS = 200;

  private static F1Dataset dataset;
  private static List<Example> examples;

  @BeforeAll
  static void load() throws Exception {
    Path location = F1Dataset.location();
    assumeTrue(location != null && Files.isDirectory(location),
        "Skipping: the F1 dataset is not at " + location + " (system property " + F1Dataset.PROPERTY + ")");
    dataset = F1Dataset.load(location);
    examples = dataset.examples(EXAMPLES, 7L);
  }

  @Test
  void columnAwareRateWithinTwoPointsPerColumn() {
    BatchPreparation preparation = preparation(MaskingConfig.of(RATE, MaskingStrategy.COLUMN_AWARE));
    Map<String, long[]> counts = new TreeMap<>();
    forEachMasked(preparation, masked -> {
      TokenizedExample tokens = masked.example();
      for (int cell = 0; cell < tokens.cellCount(); cell++) {
        if (tokens.isCellMaskable(cell)) {
          long[] count = counts.computeIfAbsent(tokens.cellColumn(cell), column -> new long[2]);
          count[0]++;
          count[1] += masked.isCellMasked(cell) ? 1 : 0;
        }
      }
    });

    int compared = 0;
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      long[] count = entry.getValue();
      if (count[0] >= MIN_CELLS) {
        compared++;
        assertThat((double) count[1] / count[0])
            .as("realized rate of %s over %d cells", entry.getKey(), count[0])
            .isBetween(RATE - 0.02, RATE + 0.02);
      }
    }
    assertThat(compared).as("columns with at least %d maskable cells", MIN_CELLS).isGreaterThan(40);
  }

  @Test
  void correlatedMasksWholeRowsWithChildren() {
    BatchPreparation preparation =
        preparation(new MaskingConfig(RATE, Map.of(MaskingStrategy.CORRELATED, 1.0), true));
    long[] seedsWithChildren = new long[1];
    forEachMasked(preparation, masked -> {
      TokenizedExample tokens = masked.example();
      boolean[] anyMasked = new boolean[tokens.rowCount()];
      boolean[] allMasked = new boolean[tokens.rowCount()];
      java.util.Arrays.fill(allMasked, true);
      for (int cell = 0; cell < tokens.cellCount(); cell++) {
        if (tokens.isCellMaskable(cell)) {
          anyMasked[tokens.cellRow(cell)] |= masked.isCellMasked(cell);
          allMasked[tokens.cellRow(cell)] &= masked.isCellMasked(cell);
        }
      }
      boolean parentMasked = false;
      for (int row = 0; row < tokens.rowCount(); row++) {
        assertThat(anyMasked[row]).as("row %d of %s masked whole or not at all", row, tokens)
            .isEqualTo(allMasked[row] && anyMasked[row]);
        parentMasked |= anyMasked[row] && tokens.rowRole(row) == 1;
      }
      if (anyMasked[0] && tokens.rowRole(0) == 0 && !parentMasked) {
        for (int row = 1; row < tokens.rowCount(); row++) {
          if (tokens.rowRole(row) == 2 && rowHasMaskableCell(tokens, row)) {
            assertThat(anyMasked[row]).as("child row %d of masked seed %s", row, tokens).isTrue();
            seedsWithChildren[0]++;
          }
        }
      }
    });

    assertThat(seedsWithChildren[0]).isPositive();
  }

  @Test
  void batchesUseOneVersionAndDetectIdentifiers() {
    BatchPreparation preparation = preparation(MaskingConfig.of(RATE, MaskingStrategy.UNIFORM));
    long previous = -1;
    for (int from = 0; from < EXAMPLES; from += BATCH) {
      BatchPreparation.PreparedBatch batch =
          preparation.prepare(examples.subList(from, Math.min(EXAMPLES, from + BATCH)), from / BATCH, 0L);
      for (MaskedExample masked : batch.examples()) {
        assertThat(masked.example().tokenizerVersion()).isEqualTo(batch.tokens().tokenizerVersion());
      }
      assertThat(batch.tokens().tokenizerVersion()).isGreaterThanOrEqualTo(previous);
      previous = batch.tokens().tokenizerVersion();
    }

    assertThat(previous).as("versions after 10,000 rows, doubling from 128").isGreaterThanOrEqualTo(7);
    assertThat(preparation.tokenizer().version().identifierColumns())
        .contains("drivers.url", "races.url")
        .doesNotContain("races.name", "results.positionText");
  }

  private static boolean rowHasMaskableCell(TokenizedExample tokens, int row) {
    for (int cell = 0; cell < tokens.cellCount(); cell++) {
      if (tokens.cellRow(cell) == row && tokens.isCellMaskable(cell)) {
        return true;
      }
    }
    return false;
  }

  private static BatchPreparation preparation(MaskingConfig masking) {
    return new BatchPreparation(dataset.schema(), TokenizerConfig.defaults(), masking, 42L);
  }

  private static void forEachMasked(BatchPreparation preparation, java.util.function.Consumer<MaskedExample> check) {
    for (int from = 0; from < EXAMPLES; from += BATCH) {
      List<Example> batch = examples.subList(from, Math.min(EXAMPLES, from + BATCH));
      preparation.prepare(batch, from / BATCH, 0L).examples().forEach(check);
    }
  }
}
