package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fits the tokenizer twice on the same rows and trains twice from the same seed. The rows are
 * many more than a quantile sketch's buffer holds, so the sketches compact, which is where a
 * randomized sketch would give other bin edges.
 */
class TrainingRepeatabilityTest {
  private static final int ROWS = 5_000;
  private static final int STEPS = 4;
  private static final int BATCH = 16;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final TokenizerConfig TOKENIZER =
      TokenizerConfig.builder().numericBins(16).hashBuckets(256).build();
  private static final List<String> COLUMNS =
      List.of("sales.amount", "sales.sold_at", "sales.store", "sales.note");

  @Test
  void sameRowsGiveSameVersion() {
    List<Example> examples = examples();
    TokenizerVersion first = fit(examples).version();
    TokenizerVersion second = fit(examples).version();

    for (String column : COLUMNS) {
      assertThat(second.binEdges(column)).as("bin edges of %s", column)
          .isEqualTo(first.binEdges(column));
      assertThat(second.median(column)).as("median of %s", column).isEqualTo(first.median(column));
      assertThat(second.scale(column)).as("scale of %s", column).isEqualTo(first.scale(column));
      assertThat(second.vocabulary(column)).as("vocabulary of %s", column)
          .isEqualTo(first.vocabulary(column));
      assertThat(second.kind(column)).as("kind of %s", column).isEqualTo(first.kind(column));
    }
    assertThat(first.binEdges("sales.amount")).as("amount edges").hasSize(15);
    assertThat(first.vocabulary("sales.store")).as("store vocabulary").isNotEmpty();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void sameSeedGivesSameWeights() {
    List<Example> examples = examples();
    Run first = train(fit(examples), examples);
    Run second = train(fit(examples), examples);

    assertThat(second.losses).isEqualTo(first.losses);
    assertThat(second.parameters).isEqualTo(first.parameters);
  }

  private static Tokenizer fit(List<Example> examples) {
    Tokenizer tokenizer = new Tokenizer(schema(), TOKENIZER);
    examples.forEach(tokenizer::observe);
    tokenizer.refresh(0L);
    return tokenizer;
  }

  private static Run train(Tokenizer tokenizer, List<Example> examples) {
    EncoderConfig config =
        EncoderConfig.builder(TOKENIZER)
            .modelDim(32)
            .heads(4)
            .layers(1)
            .ffnDim(64)
            .embeddingDim(16)
            .seed(7)
            .build();
    Masker masker = new Masker(MaskingConfig.of(0.15, MaskingStrategy.COLUMN_AWARE));
    SplittableRandom random = new SplittableRandom(3L);
    float[] losses = new float[STEPS];
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      for (int step = 0; step < STEPS; step++) {
        List<MaskedExample> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          Example example = examples.get(random.nextInt(examples.size()));
          batch.add(masker.mask(tokenizer.tokenize(example), random));
        }
        losses[step] = model.trainStep(TokenBatch.collate(batch, TOKENIZER.maxTokens())).loss();
      }
      return new Run(losses, model.saveParameters());
    }
  }

  /** Rows with spread-out amounts and dates, 300 stores of skewed popularity and short notes. */
  private static List<Example> examples() {
    SplittableRandom random = new SplittableRandom(1L);
    List<Example> examples = new ArrayList<>(ROWS);
    long start = 1_600_000_000_000L;
    for (int i = 0; i < ROWS; i++) {
      long soldAt = start + random.nextLong(1_000) * DAY_MILLIS;
      double amount = Math.exp(random.nextGaussian() * 2);
      int store = (int) Math.floor(300 * Math.pow(random.nextDouble(), 3));
      String note = "note " + "x".repeat(random.nextInt(40));
      Object[] values = {(long) i, amount, soldAt, "store-" + store, note};
      ExampleRow seed = new ExampleRow("sales", Integer.toString(i), RowRole.SEED, 0, soldAt, values);
      examples.add(new Example("sales", seed.key(), soldAt, soldAt, List.of(seed)));
    }
    return examples;
  }

  private static DatabaseSchema schema() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
            new ColumnSchema("amount", "float8", Types.DOUBLE, SemanticType.NUMERIC, true),
            new ColumnSchema("sold_at", "timestamp", Types.TIMESTAMP, SemanticType.TIMESTAMP, true),
            new ColumnSchema("store", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
            new ColumnSchema("note", "text", Types.VARCHAR, SemanticType.TEXT, true));
    return new DatabaseSchema(
        List.of(new TableSchema("sales", columns, List.of("id"), List.of(), "sold_at", null)));
  }

  private record Run(float[] losses, byte[] parameters) {}
}
