package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.UniformMasker;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Training of a tiny encoder through Flink's operator harness. Each batch yields one embedding per
 * example and one progress record, and a restore brings back the step and the weights.
 */
class TrainingFunctionTest {
  private static final int MAX_TOKENS = 32;
  private static final int EMBEDDING_DIM = 8;
  private static final int BATCH_SIZE = 3;
  private static final long DAY_MILLIS = 86_400_000L;

  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("races",
          List.of(new ColumnSchema("raceId", "int4", Types.INTEGER, SemanticType.KEY, false),
              new ColumnSchema("year", "int4", Types.INTEGER, SemanticType.NUMERIC, true),
              new ColumnSchema("name", "varchar", Types.VARCHAR, SemanticType.CATEGORICAL, true),
              new ColumnSchema("date", "date", Types.DATE, SemanticType.TIMESTAMP, true)),
          List.of("raceId"), List.of(), "date", null)));
  private static final TokenizerConfig TOKENIZER_CONFIG =
      TokenizerConfig.builder().maxTokens(MAX_TOKENS).numericBins(8).hashBuckets(64).build();
  private static final EncoderConfig ENCODER_CONFIG = EncoderConfig.builder(TOKENIZER_CONFIG)
      .modelDim(16).heads(2).layers(1).ffnDim(32).embeddingDim(EMBEDDING_DIM).build();

  /** Four masked batches of three races each, built once so that every test trains on the same batches. */
  private static final List<ExampleBatch> BATCHES = maskedBatches(4);

  @Test
  void stepEmitsEmbeddingsAndProgress() throws Exception {
    try (var harness = harness()) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }

      List<EmbeddingRecord> records = harness.extractOutputValues();
      assertThat(records).hasSize(3 * BATCH_SIZE);
      assertThat(records).extracting(EmbeddingRecord::modelStep).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L);
      assertThat(records).extracting(EmbeddingRecord::key).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
      assertThat(records).extracting(EmbeddingRecord::table).containsOnly("races");
      assertThat(records).allSatisfy(record -> assertThat(record.vector()).hasSize(EMBEDDING_DIM));
      assertThat(records).allSatisfy(record -> assertThat(isFinite(record.vector())).isTrue());

      List<TrainingProgress> progress = progress(harness);
      assertThat(progress).extracting(TrainingProgress::step).containsExactly(1L, 2L, 3L);
      assertThat(progress).extracting(TrainingProgress::batchSize).containsOnly(BATCH_SIZE);
      assertThat(progress).allSatisfy(step -> assertThat(Float.isFinite(step.loss())).isTrue());
      assertThat(progress).allSatisfy(step -> assertThat(step.maskedTokens()).isPositive());
    }
  }

  /**
   * Restores after three steps and compares the weights through embeddings. A batch without masked
   * tokens leaves the weights and the step unchanged, so its embeddings show the current weights.
   * The restored operator must return exactly the embeddings of the operator that took the snapshot.
   * Training steps after the restore are not compared, because Adam's moment estimates are not part
   * of the checkpoint and the restored optimizer starts them from zero.
   */
  @Test
  void restoreResumesStepAndWeights() throws Exception {
    ExampleBatch unmasked = withoutMasks(BATCHES.get(3));
    OperatorSubtaskState snapshot;
    List<EmbeddingRecord> original;
    try (var harness = harness()) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }
      snapshot = harness.snapshot(1, 1);
      harness.processElement(unmasked, 0);
      original = lastBatch(harness);
    }

    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(unmasked, 0);
      List<EmbeddingRecord> embedded = lastBatch(restored);
      restored.processElement(BATCHES.get(3), 0);
      List<EmbeddingRecord> trained = lastBatch(restored);

      assertThat(embedded).extracting(EmbeddingRecord::modelStep).containsOnly(3L);
      for (int i = 0; i < BATCH_SIZE; i++) {
        assertThat(embedded.get(i).vector()).as("embedding %d", i).isEqualTo(original.get(i).vector());
      }
      assertThat(trained).extracting(EmbeddingRecord::modelStep).containsOnly(4L);
      assertThat(progress(restored)).extracting(TrainingProgress::step).containsExactly(3L, 4L);
      assertThat(progress(restored).get(0).maskedTokens()).as("masked tokens of the unmasked batch").isZero();
    }

    // A model that never trained embeds differently, so the equality above depends on the restore.
    try (var untrained = harness()) {
      untrained.open();
      untrained.processElement(unmasked, 0);
      List<EmbeddingRecord> initial = lastBatch(untrained);

      assertThat(initial.get(0).vector()).isNotEqualTo(original.get(0).vector());
    }
  }

  private static OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new TrainingFunction(ENCODER_CONFIG, MAX_TOKENS)));
  }

  private static List<ExampleBatch> maskedBatches(int count) {
    Tokenizer tokenizer = new Tokenizer(SCHEMA, TOKENIZER_CONFIG);
    UniformMasker masker = new UniformMasker(0.25, 11);
    List<ExampleBatch> batches = new ArrayList<>();
    int raceId = 1;
    for (int b = 0; b < count; b++) {
      List<MaskedExample> examples = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++, raceId++) {
        Example example = race(raceId);
        tokenizer.observe(example);
        examples.add(masker.mask(tokenizer.tokenize(example)));
      }
      batches.add(new ExampleBatch(examples));
    }
    return batches;
  }

  private static Example race(int raceId) {
    long year = 1950 + raceId * 5L;
    long date = (year - 1970) * 365 * DAY_MILLIS;
    String name = raceId % 2 == 0 ? "Monaco Grand Prix" : "British Grand Prix";
    ExampleRow row = new ExampleRow("races", Integer.toString(raceId), RowRole.SEED, 0, date,
        new Object[] {(long) raceId, year, name, date});
    return new Example("races", Integer.toString(raceId), date, date, List.of(row));
  }

  private static ExampleBatch withoutMasks(ExampleBatch batch) {
    List<MaskedExample> examples = new ArrayList<>();
    for (MaskedExample masked : batch.examples()) {
      TokenizedExample tokens = masked.example();
      examples.add(new MaskedExample(tokens, new boolean[tokens.size()]));
    }
    return new ExampleBatch(examples);
  }

  private static List<EmbeddingRecord> lastBatch(OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> harness) {
    List<EmbeddingRecord> records = harness.extractOutputValues();
    return records.subList(records.size() - BATCH_SIZE, records.size());
  }

  private static List<TrainingProgress> progress(OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> harness) {
    return harness.getSideOutput(TrainingFunction.PROGRESS).stream().map(StreamRecord::getValue).toList();
  }

  private static boolean isFinite(float[] vector) {
    for (float value : vector) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
