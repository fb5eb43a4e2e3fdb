package io.relstream.inference;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.training.ModelVersionSettings;
import io.relstream.training.ReplaySettings;
import io.relstream.training.TrainingFunction;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

/** A tiny races table, encoder and training operator shared by the inference tests. */
final class InferenceFixtures {
  static final int EMBEDDING_DIM = 8;
  private static final long DAY_MILLIS = 86_400_000L;

  static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("races",
          List.of(new ColumnSchema("raceId", "int4", Types.INTEGER, SemanticType.KEY, false),
              new ColumnSchema("year", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
              new ColumnSchema("name", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, true),
              new ColumnSchema("date", "date", Types.DATE, SemanticType.TIMESTAMP, true)),
          List.of("raceId"), List.of(), "date", null)));
  static final TokenizerConfig TOKENIZER_CONFIG = TokenizerConfig.builder()
      .maxTokens(32).numericBins(8).categoryVocabulary(16).hashBuckets(64).build();
  static final EncoderConfig ENCODER_CONFIG = EncoderConfig.builder(TOKENIZER_CONFIG)
      .modelDim(16).heads(4).layers(1).ffnDim(32).embeddingDim(EMBEDDING_DIM).build();
  private static final MaskingConfig MASKING = MaskingConfig.of(0.25, MaskingStrategy.COLUMN_AWARE);
  private static final OptimizerConfig OPTIMIZER = OptimizerConfig.withLearningRate(0.01f);

  private InferenceFixtures() {}

  /** Returns inference settings with a snapshot after every step and a trainer that never rests. */
  static InferenceSettings settings(int batchSize, int pendingCapacity) {
    return new InferenceSettings(true, 1, batchSize, Duration.ofMillis(5), 1, Duration.ofMinutes(1),
        pendingCapacity, 1.0);
  }

  static TrainingFunction trainer(InferenceSettings inference) {
    return new TrainingFunction(SCHEMA, TOKENIZER_CONFIG, MASKING, ENCODER_CONFIG, OPTIMIZER,
        ModelVersionSettings.disabled(), ReplaySettings.off(), 42L, inference);
  }

  static OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> trainerHarness(TrainingFunction function)
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function));
  }

  static TwoInputStreamOperatorTestHarness<Example, ModelSnapshot, EmbeddingRecord> inferenceHarness(
      InferenceSettings settings) throws Exception {
    return new TwoInputStreamOperatorTestHarness<>(
        new InferenceOperator(SCHEMA, TOKENIZER_CONFIG, ENCODER_CONFIG, settings));
  }

  /** Returns races {@code first} to {@code first + count - 1}. */
  static List<Example> races(int first, int count) {
    List<Example> examples = new ArrayList<>();
    for (int raceId = first; raceId < first + count; raceId++) {
      examples.add(race(raceId));
    }
    return examples;
  }

  static Example race(int raceId) {
    long year = 1950 + raceId * 5L;
    long date = (year - 1970) * 365 * DAY_MILLIS;
    String name = raceId % 2 == 0 ? "Monaco Grand Prix" : "British Grand Prix";
    ExampleRow row = new ExampleRow("races", Integer.toString(raceId), RowRole.SEED, 0, date,
        new Object[] {(long) raceId, year, name, date});
    return new Example("races", Integer.toString(raceId), date, 1_000L + raceId, List.of(row));
  }
}
