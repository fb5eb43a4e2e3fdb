package io.relstream.encoder;

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
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the time of a training step and of an embedding pass with the default configs, on
 * batches of 64 examples of 128 tokens (a seed row and 15 child rows of 8 content columns). It
 * prints the median, minimum and maximum of each. Not a test: run it with the test classpath, for
 * example {@code java -cp target/test-classes:target/classes:<dependencies>
 * io.relstream.encoder.EncoderStepBenchmark [intraOpThreads] [relational|full]}.
 */
public final class EncoderStepBenchmark {
  private static final int BATCH = 64;
  private static final int CHILDREN = 15;
  private static final int WARM_UP = 5;
  private static final int MEASURED = 20;

  /** Later than every generated timestamp, so that no timestamp cell is hidden as the future. */
  private static final long SEED_TIME = 1_900_000_000_000L;

  private EncoderStepBenchmark() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    AttentionMode attention =
        args.length > 1 ? AttentionMode.parse(args[1]) : AttentionMode.RELATIONAL;
    Tokenizer tokenizer = new Tokenizer(schema(), TokenizerConfig.defaults());
    Masker masker = new Masker(MaskingConfig.of(0.15, MaskingStrategy.UNIFORM));
    SplittableRandom random = new SplittableRandom(3L);
    List<TokenBatch> batches = new ArrayList<>();
    for (int i = 0; i < WARM_UP + MEASURED; i++) {
      batches.add(batch(tokenizer, masker, random));
    }
    EncoderConfig config =
        EncoderConfig.builder(TokenizerConfig.defaults())
            .intraOpThreads(threads)
            .attention(attention)
            .build();
    try (RelationalEncoderModel model = new RelationalEncoderModel(config)) {
      long[] stepNanos = new long[MEASURED];
      long[] embedNanos = new long[MEASURED];
      for (int i = 0; i < batches.size(); i++) {
        TokenBatch batch = batches.get(i);
        long start = System.nanoTime();
        model.trainStep(batch);
        long trained = System.nanoTime();
        model.embed(batch);
        long embedded = System.nanoTime();
        if (i >= WARM_UP) {
          stepNanos[i - WARM_UP] = trained - start;
          embedNanos[i - WARM_UP] = embedded - trained;
        }
      }
      System.out.printf(
          "batch %dx%d, %s attention, intraOpThreads %d, %d cores: trainStep %s, embed %s%n",
          batches.get(0).size(),
          batches.get(0).length(),
          attention,
          threads,
          Runtime.getRuntime().availableProcessors(),
          summary(stepNanos),
          summary(embedNanos));
    }
  }

  /** Returns the median, minimum and maximum in milliseconds. */
  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double median = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2.0 / 1e6;
    return String.format(
        "median %.1f ms (min %.1f, max %.1f)",
        median, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  private static DatabaseSchema schema() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
            new ColumnSchema("parent_id", "int8", Types.BIGINT, SemanticType.KEY, true),
            new ColumnSchema("amount", "float8", Types.DOUBLE, SemanticType.NUMERIC, true),
            new ColumnSchema("quantity", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
            new ColumnSchema("status", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
            new ColumnSchema("country", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
            new ColumnSchema("paid", "bool", Types.BOOLEAN, SemanticType.CATEGORICAL, true),
            new ColumnSchema("note", "text", Types.VARCHAR, SemanticType.TEXT, true),
            new ColumnSchema(
                "created_at",
                "timestamptz",
                Types.TIMESTAMP_WITH_TIMEZONE,
                SemanticType.TIMESTAMP,
                true),
            new ColumnSchema(
                "updated_at",
                "timestamptz",
                Types.TIMESTAMP_WITH_TIMEZONE,
                SemanticType.TIMESTAMP,
                true));
    return new DatabaseSchema(
        List.of(new TableSchema("orders", columns, List.of("id"), List.of(), null, null)));
  }

  private static TokenBatch batch(
      Tokenizer tokenizer, Masker masker, SplittableRandom random) {
    List<Example> raw = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      List<ExampleRow> rows = new ArrayList<>();
      for (int r = 0; r <= CHILDREN; r++) {
        rows.add(row(random, r == 0 ? RowRole.SEED : RowRole.CHILD));
      }
      Example example = new Example("orders", rows.get(0).key(), SEED_TIME, SEED_TIME, rows);
      tokenizer.observe(example);
      raw.add(example);
    }
    // One version per batch, as the training operator does.
    tokenizer.refreshIfDue(0L);
    List<MaskedExample> examples = new ArrayList<>();
    for (Example example : raw) {
      examples.add(masker.mask(tokenizer.tokenize(example), random));
    }
    return TokenBatch.collate(examples, TokenizerConfig.defaults().maxTokens());
  }

  private static ExampleRow row(SplittableRandom random, RowRole role) {
    long id = random.nextLong(1_000_000);
    long time = 1_700_000_000_000L + random.nextLong(100_000_000_000L);
    Object[] values = {
      id,
      1L,
      random.nextDouble() * 1000,
      random.nextInt(20),
      "s" + random.nextInt(6),
      "c" + random.nextInt(40),
      random.nextBoolean(),
      "note " + random.nextInt(5000),
      time,
      time + random.nextInt(1_000_000)
    };
    return new ExampleRow(
        "orders", Long.toString(id), role, role == RowRole.SEED ? 0 : 1, time, values);
  }
}
