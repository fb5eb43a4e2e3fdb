package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.modelstore.LoadedModelVersion;
import io.relstream.modelstore.LocalModelStore;
import io.relstream.modelstore.ModelVersionInfo;
import io.relstream.modelstore.ModelVersionReader;
import io.relstream.encoder.TokenBatch;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.publish.TrainingRestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizing, masking and training of a tiny encoder through Flink's operator harness. Each batch
 * yields one embedding per example and one progress record, each batch is tokenized with one
 * tokenizer version, and a restore brings back the step, the weights, the tokenizer version and
 * the sketches.
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
          List.of("raceId"), List.of(), "date", null),
      new TableSchema("circuits",
          List.of(new ColumnSchema("circuitId", "int4", Types.INTEGER, SemanticType.KEY, false),
              new ColumnSchema("name", "text", Types.VARCHAR, SemanticType.TEXT, true),
              new ColumnSchema("lat", "float8", Types.DOUBLE, SemanticType.NUMERIC, true)),
          List.of("circuitId"), List.of(), null, null)));

  /** Circuits' columns are identifiers, so circuit examples have no maskable cell and train nothing. */
  private static final TokenizerConfig TOKENIZER_CONFIG = TokenizerConfig.builder()
      .maxTokens(MAX_TOKENS).numericBins(8).categoryVocabulary(16).hashBuckets(64)
      .identifierColumns(Set.of("circuits.name", "circuits.lat")).build();
  private static final MaskingConfig MASKING = MaskingConfig.of(0.25, MaskingStrategy.COLUMN_AWARE);
  private static final EncoderConfig ENCODER_CONFIG = EncoderConfig.builder(TOKENIZER_CONFIG)
      .modelDim(16).heads(4).layers(1).ffnDim(32).embeddingDim(EMBEDDING_DIM).build();
  /** A warm-up longer than the test runs, so that a restore must also bring back the schedule's step. */
  private static final OptimizerConfig OPTIMIZER = OptimizerConfig.withLearningRate(0.01f).withSchedule(0.01f, 10, 0.5f);

  private static final List<ExampleBatch> BATCHES = raceBatches(6);
  private static final ExampleBatch CIRCUITS = new ExampleBatch(List.of(circuit(1), circuit(2), circuit(3)));

  @Test
  void stepEmitsEmbeddingsAndProgress() throws Exception {
    try (var harness = harness(function())) {
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

  @Test
  void progressCountsAccuracyPerColumn() throws Exception {
    try (var harness = harness(function())) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }

      // A step that the encoder drops for a non-finite gradient has no targets to count. Such drops
      // are rare and not reproducible, so one of the three steps may be one.
      List<TrainingProgress> trained = progress(harness).stream().filter(step -> step.maskedTokens() > 0).toList();
      assertThat(trained).hasSizeGreaterThanOrEqualTo(2);
      for (TrainingProgress step : trained) {
        Map<String, TrainingProgress.ColumnHits> columns = step.columnAccuracy();
        assertThat(columns).as("step %d", step.step()).isNotEmpty();
        assertThat(columns.keySet()).allSatisfy(column -> assertThat(column).startsWith("races."));
        int correct = columns.values().stream().mapToInt(TrainingProgress.ColumnHits::correct).sum();
        int targets = columns.values().stream().mapToInt(TrainingProgress.ColumnHits::targets).sum();
        assertThat(columns.values()).allSatisfy(hits -> assertThat(hits.correct()).isBetween(0, hits.targets()));
        // The per-column counts add up to the step's overall masked accuracy.
        assertThat((float) correct / targets).isCloseTo(step.maskedAccuracy(), within(1e-6f));
      }
    }
  }

  /**
   * Versions come when the observed rows double: after 3 rows (version 1), 6 (version 2) and 12
   * (version 3), so the third batch keeps version 2 and each batch has exactly one version.
   */
  @Test
  void versionChangesOnlyBetweenBatches() throws Exception {
    TrainingFunction function = function();
    try (var harness = harness(function)) {
      harness.open();
      List<Long> versions = new ArrayList<>();
      for (ExampleBatch batch : BATCHES) {
        harness.processElement(batch, 0);
        versions.add(function.tokenizerVersion());
      }

      assertThat(versions).containsExactly(1L, 2L, 2L, 3L, 3L, 3L);
      assertThat(function.preparation().tokenizer().version().vocabulary("races.name"))
          .contains("Monaco Grand Prix", "British Grand Prix");
    }
  }

  /**
   * Trains 3 steps, snapshots, restores into a fresh operator and trains 3 more. The weights then
   * equal, bit for bit, those of an operator that trained all 6 steps without a restore, and so do
   * the last batch's embeddings. The tokenizer builds a new version between the batches, so the
   * sketches and the refresh schedule must come back too.
   */
  @Test
  void restoredRunMatchesUninterruptedRun() throws Exception {
    TrainingFunction uninterrupted = function();
    List<EmbeddingRecord> expected;
    try (var harness = harness(uninterrupted)) {
      harness.open();
      for (ExampleBatch batch : BATCHES) {
        harness.processElement(batch, 0);
      }
      expected = lastBatch(harness);

      OperatorSubtaskState snapshot;
      try (var first = harness(function())) {
        first.open();
        for (ExampleBatch batch : BATCHES.subList(0, 3)) {
          first.processElement(batch, 0);
        }
        snapshot = first.snapshot(1, 1);
      }
      TrainingFunction resumed = function();
      try (var restored = harness(resumed)) {
        restored.initializeState(snapshot);
        restored.open();
        for (ExampleBatch batch : BATCHES.subList(3, 6)) {
          restored.processElement(batch, 0);
        }

        assertThat(resumed.weights()).isEqualTo(uninterrupted.weights());
        assertThat(resumed.tokenizerVersion()).isEqualTo(uninterrupted.tokenizerVersion());
        List<EmbeddingRecord> actual = lastBatch(restored);
        assertThat(actual).extracting(EmbeddingRecord::modelStep).containsOnly(6L);
        for (int i = 0; i < BATCH_SIZE; i++) {
          assertThat(actual.get(i).vector()).as("embedding %d", i).isEqualTo(expected.get(i).vector());
        }
      }
    }
  }

  /**
   * With replay, each batch of 3 fresh examples also trains on 3 older ones from the reservoir, but
   * only the fresh ones are embedded. The reservoir is in the snapshot, so a restored run replays
   * the same examples and ends with the same weights as an uninterrupted one.
   */
  @Test
  void replayMixesOlderSeedsAndRestoresExactly() throws Exception {
    ReplaySettings replay = new ReplaySettings(0.5, 4);
    TrainingFunction uninterrupted = function(replay);
    TrainingFunction withoutReplay = function();
    try (var harness = harness(uninterrupted); var plain = harness(withoutReplay)) {
      harness.open();
      plain.open();
      for (ExampleBatch batch : BATCHES) {
        harness.processElement(batch, 0);
        plain.processElement(batch, 0);
      }

      assertThat(harness.extractOutputValues()).hasSize(BATCHES.size() * BATCH_SIZE);
      assertThat(uninterrupted.reservoirSize()).isEqualTo(4);
      List<TrainingProgress> progress = progress(harness);
      List<TrainingProgress> plainProgress = progress(plain);
      assertThat(progress.get(0).maskedTokens()).as("first batch, empty reservoir")
          .isEqualTo(plainProgress.get(0).maskedTokens());
      for (int i = 1; i < progress.size(); i++) {
        assertThat(progress.get(i).maskedTokens()).as("masked tokens of batch %d", i)
            .isGreaterThan(plainProgress.get(i).maskedTokens());
      }
      assertThat(uninterrupted.weights()).isNotEqualTo(withoutReplay.weights());

      OperatorSubtaskState snapshot;
      try (var first = harness(function(replay))) {
        first.open();
        for (ExampleBatch batch : BATCHES.subList(0, 3)) {
          first.processElement(batch, 0);
        }
        snapshot = first.snapshot(1, 1);
      }
      TrainingFunction resumed = function(replay);
      try (var restored = harness(resumed)) {
        restored.initializeState(snapshot);
        restored.open();
        assertThat(resumed.reservoirSize()).isEqualTo(4);
        for (ExampleBatch batch : BATCHES.subList(3, 6)) {
          restored.processElement(batch, 0);
        }

        assertThat(resumed.weights()).isEqualTo(uninterrupted.weights());
      }
    }
  }

  /**
   * Restores after three steps and compares the weights through embeddings. Circuit examples have
   * no maskable cell, so their batch leaves the weights and the step unchanged and its embeddings
   * show the current weights, tokenized with the version built from the restored sketches.
   */
  @Test
  void restoreResumesStepWeightsAndTokenizer() throws Exception {
    OperatorSubtaskState snapshot;
    List<EmbeddingRecord> original;
    TokenizerVersion versionAtSnapshot;
    byte[] sketchesAtSnapshot;
    TrainingFunction first = function();
    try (var harness = harness(first)) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }
      snapshot = harness.snapshot(1, 1);
      versionAtSnapshot = first.preparation().tokenizer().version();
      sketchesAtSnapshot = first.preparation().tokenizer().snapshotSketches();
      harness.processElement(CIRCUITS, 0);
      original = lastBatch(harness);
    }

    TrainingFunction second = function();
    try (var restored = harness(second)) {
      restored.initializeState(snapshot);
      restored.open();

      assertThat(second.preparation().tokenizer().version()).isEqualTo(versionAtSnapshot);
      assertThat(second.preparation().tokenizer().version().vocabulary("races.name"))
          .isEqualTo(versionAtSnapshot.vocabulary("races.name"));
      assertThat(second.preparation().tokenizer().observedRows()).isEqualTo(9);

      restored.processElement(CIRCUITS, 0);
      List<EmbeddingRecord> embedded = lastBatch(restored);
      restored.processElement(BATCHES.get(3), 0);
      List<EmbeddingRecord> trained = lastBatch(restored);

      assertThat(embedded).extracting(EmbeddingRecord::modelStep).containsOnly(3L);
      for (int i = 0; i < BATCH_SIZE; i++) {
        assertThat(embedded.get(i).vector()).as("embedding %d", i).isEqualTo(original.get(i).vector());
      }
      assertThat(trained).extracting(EmbeddingRecord::modelStep).containsOnly(4L);
      assertThat(progress(restored)).extracting(TrainingProgress::step).containsExactly(3L, 4L);
      assertThat(progress(restored).get(0).maskedTokens()).as("masked tokens of the circuit batch").isZero();
    }

    // Sketches restored into a fresh tokenizer build the same next version as the original ones.
    BatchPreparation fromSketches = new BatchPreparation(SCHEMA, TOKENIZER_CONFIG, MASKING, 42L);
    fromSketches.tokenizer().restore(sketchesAtSnapshot, versionAtSnapshot.toBytes());
    first.preparation().tokenizer().restore(sketchesAtSnapshot, versionAtSnapshot.toBytes());
    fromSketches.tokenizer().refresh(0L);
    first.preparation().tokenizer().refresh(0L);
    assertThat(fromSketches.tokenizer().version()).isEqualTo(first.preparation().tokenizer().version());

    // A model that never trained embeds differently, so the equality above depends on the restore.
    try (var untrained = harness(function())) {
      untrained.open();
      untrained.processElement(CIRCUITS, 0);
      List<EmbeddingRecord> initial = lastBatch(untrained);

      assertThat(initial.get(0).vector()).isNotEqualTo(original.get(0).vector());
    }
  }

  /**
   * Writes a version every 2 steps. A loaded version embeds the batch of its step exactly as the
   * operator did, and after a restore from step 3 the numbering continues after the version that
   * the first run wrote after the snapshot, so no version is written twice.
   */
  @Test
  void versionsAreWrittenLoadedAndNeverRewritten(@TempDir Path models) throws Exception {
    ModelVersionSettings versions = new ModelVersionSettings(models.toUri().toString(), 2, Duration.ofHours(1), 5);
    OperatorSubtaskState snapshot;
    List<EmbeddingRecord> stepFour;
    try (var harness = harness(function(versions))) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }
      snapshot = harness.snapshot(1, 1);
      harness.processElement(BATCHES.get(3), 0);
      stepFour = lastBatch(harness);

      assertThat(versions(harness)).extracting(ModelVersionInfo::version).containsExactly(1L, 2L);
      assertThat(versions(harness)).extracting(ModelVersionInfo::step).containsExactly(2L, 4L);
      // Flink writes local URIs as file:/path.
      assertThat(versions(harness).get(1).manifest())
          .isEqualTo("file:" + models.resolve("00000002/manifest.json").toAbsolutePath());
      assertThat(versions(harness).get(1).location()).isEqualTo("file:" + models.resolve("00000002").toAbsolutePath());
    }

    ModelVersionReader reader = new ModelVersionReader(new LocalModelStore(models));
    try (LoadedModelVersion loaded = reader.load(2)) {
      List<TokenizedExample> examples = new ArrayList<>();
      for (Example example : BATCHES.get(3).examples()) {
        examples.add(loaded.tokenizer().tokenize(example));
      }
      float[][] embeddings = loaded.model().embed(TokenBatch.collateUnmasked(examples, MAX_TOKENS));

      assertThat(loaded.manifest().step()).isEqualTo(4);
      assertThat(loaded.manifest().metrics().steps()).isEqualTo(4);
      assertThat(loaded.manifest().tokenizer().number()).isEqualTo(stepFour.get(0).tokenizerVersion());
      for (int i = 0; i < BATCH_SIZE; i++) {
        assertThat(embeddings[i]).as("embedding %d", i).isEqualTo(stepFour.get(i).vector());
      }
    }

    try (var restored = harness(function(versions))) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(BATCHES.get(3), 0);

      assertThat(versions(restored)).extracting(ModelVersionInfo::version).containsExactly(3L);
      assertThat(versions(restored)).extracting(ModelVersionInfo::step).containsExactly(4L);
    }
    assertThat(reader.versions()).containsExactly(1L, 2L, 3L);
    assertThat(Files.readAllBytes(models.resolve("00000003/weights.bin")))
        .isEqualTo(Files.readAllBytes(models.resolve("00000002/weights.bin")));
  }

  /**
   * The first batch after a restore emits one record whose fingerprints match the checkpoint. The
   * harness does not pass the checkpoint id to a restored operator, so the id is checked in the
   * failover test on a MiniCluster.
   */
  @Test
  void restoreRecordMatchesCheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(function())) {
      harness.open();
      for (ExampleBatch batch : BATCHES.subList(0, 3)) {
        harness.processElement(batch, 0);
      }
      snapshot = harness.snapshot(1, 1);

      assertThat(harness.getSideOutput(TrainingFunction.RESTORES)).isNull();
    }

    try (var restored = harness(function())) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(BATCHES.get(3), 0);
      restored.processElement(BATCHES.get(4), 0);

      List<TrainingRestore> records = restored.getSideOutput(TrainingFunction.RESTORES).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(records).hasSize(1);
      TrainingRestore record = records.get(0);
      assertThat(record.checkpointedStep()).isEqualTo(3);
      assertThat(record.restoredStep()).isEqualTo(3);
      assertThat(record.restoredWeightsSha256()).hasSize(64).isEqualTo(record.checkpointedWeightsSha256());
      assertThat(record.restoredOptimizerSha256()).hasSize(64).isEqualTo(record.checkpointedOptimizerSha256());
      assertThat(record.matchesCheckpoint()).isTrue();
    }
  }

  private static List<ModelVersionInfo> versions(
      OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> harness) {
    var records = harness.getSideOutput(TrainingFunction.MODEL_VERSIONS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static TrainingFunction function(ModelVersionSettings versions) {
    return new TrainingFunction(SCHEMA, TOKENIZER_CONFIG, MASKING, ENCODER_CONFIG, OPTIMIZER, versions,
        ReplaySettings.off(), 42L);
  }

  private static TrainingFunction function() {
    return function(ReplaySettings.off());
  }

  private static TrainingFunction function(ReplaySettings replay) {
    return new TrainingFunction(SCHEMA, TOKENIZER_CONFIG, MASKING, ENCODER_CONFIG, OPTIMIZER,
        ModelVersionSettings.disabled(), replay, 42L);
  }

  private static OneInputStreamOperatorTestHarness<ExampleBatch, EmbeddingRecord> harness(TrainingFunction function)
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function));
  }

  private static List<ExampleBatch> raceBatches(int count) {
    List<ExampleBatch> batches = new ArrayList<>();
    int raceId = 1;
    for (int b = 0; b < count; b++) {
      List<Example> examples = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++, raceId++) {
        examples.add(race(raceId));
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

  private static Example circuit(int circuitId) {
    ExampleRow row = new ExampleRow("circuits", Integer.toString(circuitId), RowRole.SEED, 0, EventTime.TIMELESS,
        new Object[] {(long) circuitId, "Circuit " + circuitId, 40.0 + circuitId});
    return new Example("circuits", Integer.toString(circuitId), 0L, 0L, List.of(row));
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
