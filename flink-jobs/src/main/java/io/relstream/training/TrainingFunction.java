package io.relstream.training;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.StepResult;
import io.relstream.example.Example;
import io.relstream.inference.InferenceSettings;
import io.relstream.inference.ModelSnapshot;
import io.relstream.masking.MaskingConfig;
import io.relstream.modelstore.ModelVersionInfo;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
import io.relstream.publish.TrainingRestore;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerConfig;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizes and masks each batch with one tokenizer version, trains the encoder one step on it,
 * then embeds the batch's seeds with the updated weights. Runs with parallelism 1, so one set of
 * column sketches serves the whole stream. Its operator state is the model snapshot (the weights,
 * the optimizer's moment estimates and step count, the step counter and the tokenizer version the
 * weights are used with), the live sketches and the column-aware masking counts. A restored job
 * therefore resumes at the checkpointed step with the same weights, optimizer state, version,
 * sketches and vocabularies, and trains on as the uninterrupted job would have. When a model
 * directory is set, it also writes model versions and announces them on a side output. Each batch
 * also trains on a replay sample of older seeds from a reservoir in the operator state, so the
 * model keeps what it learned about rows that no longer change. Only the fresh examples are
 * embedded and published.
 *
 * <p>With the inference path enabled, the operator publishes no embeddings. It sends a model
 * snapshot on the side output {@link #MODEL_SNAPSHOTS} on a schedule instead, and the inference
 * operator embeds each change with the latest snapshot as soon as it arrives. Publishing here as
 * well would give every change two records, one of them late. The operator then also rests after
 * each step so that steps take at most {@code trainerMaxBusyFraction} of its time, and skips the
 * batches that arrive while it rests, so that a slow trainer does not back-pressure the examples
 * that the inference operator reads from the same upstream.
 */
public final class TrainingFunction extends ProcessFunction<ExampleBatch, EmbeddingRecord> implements CheckpointedFunction {
  private static final long serialVersionUID = 3L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainingFunction.class);
  public static final OutputTag<TrainingProgress> PROGRESS = new OutputTag<>("training-progress") {};
  public static final OutputTag<ModelVersionInfo> MODEL_VERSIONS = new OutputTag<>("model-versions") {};
  public static final OutputTag<TrainingRestore> RESTORES = new OutputTag<>("training-restores") {};
  public static final OutputTag<ModelSnapshot> MODEL_SNAPSHOTS = new OutputTag<>("model-snapshots") {};

  private final DatabaseSchema schema;
  private final TokenizerConfig tokenizerConfig;
  private final MaskingConfig maskingConfig;
  private final EncoderConfig config;
  private final OptimizerConfig optimizerConfig;
  private final ModelVersionSettings versionSettings;
  private final ReplaySettings replaySettings;
  private final long seed;
  private final InferenceSettings inference;
  private transient TrainerPacing pacing;
  private transient SnapshotSchedule snapshots;
  private transient RelationalEncoderModel model;
  private transient BatchPreparation preparation;
  private transient TrainingState state;
  private transient ModelVersioning versioning;
  private transient RecentSteps recentSteps;
  private transient ReplayReservoir reservoir;
  private transient TrainingMetrics metrics;
  private transient TrainingMix mix;
  private transient Restored restored;
  private transient TrainingRestore pendingRestore;

  /** The state that initializeState read from a checkpoint, which open() loads into the model. */
  private record Restored(long checkpointId, byte[] weights, byte[] optimizer, long step, List<String> fingerprints,
      long[] modelVersion) {}

  public TrainingFunction(DatabaseSchema schema, TokenizerConfig tokenizerConfig, MaskingConfig maskingConfig,
      EncoderConfig config, OptimizerConfig optimizerConfig, ModelVersionSettings versionSettings,
      ReplaySettings replaySettings, long seed) {
    this(schema, tokenizerConfig, maskingConfig, config, optimizerConfig, versionSettings, replaySettings, seed,
        InferenceSettings.off());
  }

  /** Creates the operator; {@code inference} decides whether it publishes embeddings or sends snapshots. */
  public TrainingFunction(DatabaseSchema schema, TokenizerConfig tokenizerConfig, MaskingConfig maskingConfig,
      EncoderConfig config, OptimizerConfig optimizerConfig, ModelVersionSettings versionSettings,
      ReplaySettings replaySettings, long seed, InferenceSettings inference) {
    this.schema = schema;
    this.tokenizerConfig = tokenizerConfig;
    this.maskingConfig = maskingConfig;
    this.config = config;
    this.optimizerConfig = optimizerConfig;
    this.versionSettings = versionSettings;
    this.replaySettings = replaySettings;
    this.seed = seed;
    this.inference = inference;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    preparation = new BatchPreparation(schema, tokenizerConfig, maskingConfig, seed);
    state = new TrainingState(context.getOperatorStateStore());
    state.restoreTokenizer(preparation.tokenizer());
    state.restoreMasker(preparation.masker());
    reservoir = new ReplayReservoir(replaySettings.capacity(), seed);
    state.restoreReplay(reservoir);
    OptionalLong checkpointId = context.getRestoredCheckpointId();
    restored = new Restored(checkpointId.orElse(-1), state.weights(), state.optimizer(), state.step(),
        state.fingerprints(), state.modelVersion());
  }

  @Override
  public void open(Configuration parameters) throws Exception {
    model = new RelationalEncoderModel(config, optimizerConfig);
    recentSteps = new RecentSteps();
    mix = new TrainingMix();
    pacing = new TrainerPacing(inference.enabled() ? inference.trainerMaxBusyFraction() : 1.0);
    snapshots = new SnapshotSchedule(inference.snapshotIntervalSteps(), inference.snapshotInterval().toMillis());
    long[] lastVersion = restored.modelVersion();
    if (restored.weights() != null) {
      restoreModel();
    }
    versioning = new ModelVersioning(versionSettings, schema, tokenizerConfig, config);
    versioning.open(lastVersion[0], lastVersion[1], System.currentTimeMillis());
    restored = null;
    metrics = new TrainingMetrics(getRuntimeContext().getMetricGroup(), versioning::lastVersionMillis);
    getRuntimeContext().getMetricGroup().gauge("trainingStep", (Gauge<Long>) () -> model == null ? 0L : model.step());
    getRuntimeContext().getMetricGroup().gauge("tokenizerVersion",
        (Gauge<Long>) () -> preparation.tokenizer().version().number());
  }

  /** Loads the checkpointed weights and optimizer state and prepares the restore record. */
  private void restoreModel() {
    model.loadParameters(restored.weights(), restored.step());
    if (restored.optimizer() != null) {
      model.loadOptimizerState(restored.optimizer());
    } else {
      LOG.warn("The restored state has no optimizer state, so AdamW restarts its moment estimates at step {}",
          restored.step());
    }
    List<String> checkpointed = restored.fingerprints();
    String weightsFingerprint = Fingerprints.sha256(model.saveParameters());
    String optimizerFingerprint = Fingerprints.sha256(model.saveOptimizerState());
    pendingRestore = new TrainingRestore(restored.checkpointId(), restored.step(), model.step(),
        checkpointed.size() == 2 ? checkpointed.get(0) : "", weightsFingerprint,
        checkpointed.size() == 2 ? checkpointed.get(1) : "", optimizerFingerprint,
        preparation.tokenizer().version().number(), System.currentTimeMillis());
    LOG.info("Restored encoder from checkpoint {} at step {} with tokenizer version {}; weights {} ({}), "
            + "optimizer state {} ({})", restored.checkpointId(), model.step(),
        preparation.tokenizer().version().number(), weightsFingerprint,
        weightsFingerprint.equals(pendingRestore.checkpointedWeightsSha256()) ? "as checkpointed" : "NOT as checkpointed",
        optimizerFingerprint,
        optimizerFingerprint.equals(pendingRestore.checkpointedOptimizerSha256()) ? "as checkpointed"
            : "NOT as checkpointed");
  }

  @Override
  public void processElement(ExampleBatch batch, Context context, Collector<EmbeddingRecord> out) {
    long started = System.nanoTime();
    if (pendingRestore != null) {
      context.output(RESTORES, pendingRestore);
      pendingRestore = null;
    }
    if (pacing.skips(started)) {
      skip(batch, started);
      return;
    }
    List<Example> replayed = reservoir.sample(replaySettings.replayCount(batch.examples().size()), model.step());
    BatchPreparation.PreparedBatch prepared = preparation.prepare(batch.examples(), replayed, model.step(),
        context.timerService().currentProcessingTime());
    StepResult result = model.trainStep(prepared.tokens());
    long stepMillis = (System.nanoTime() - started) / 1_000_000;
    recentSteps.add(result);
    mix.add(prepared.trained());
    batch.examples().forEach(reservoir::offer);
    long now = System.currentTimeMillis();
    long tokenizerVersion = prepared.version().number();
    if (inference.enabled()) {
      if (snapshots.dueAfter(result.step(), now)) {
        context.output(MODEL_SNAPSHOTS,
            new ModelSnapshot(model.step(), prepared.version().toBytes(), model.saveParameters(), now));
      }
    } else {
      publishEmbeddings(prepared, result.step(), now, out);
    }
    context.output(PROGRESS, new TrainingProgress(result.step(), result.loss(), result.maskedAccuracy(),
        prepared.examples().size(), result.maskedTokens(), stepMillis, now,
        ColumnAccuracy.of(prepared.tokens(), result)));
    versioning.writeIfDue(model, prepared.version(), recentSteps.metrics(), now)
        .ifPresent(info -> context.output(MODEL_VERSIONS, info));
    if (result.step() % 100 == 0 && result.maskedTokens() > 0) {
      LOG.info("Training step {}: loss {}, masked accuracy {}, tokenizer version {}", result.step(), result.loss(),
          result.maskedAccuracy(), tokenizerVersion);
    }
    if (result.step() % 100 == 0) {
      LOG.info("Trained up to step {}: {}", result.step(), mix.drain());
    }
    long ended = System.nanoTime();
    metrics.batch(result, prepared.examples().size(), prepared.replayed(), started, ended);
    pacing.stepTook(started, ended);
  }

  /** Embeds the batch's fresh examples with the weights after {@code step} and publishes them. */
  private void publishEmbeddings(BatchPreparation.PreparedBatch prepared, long step, long now,
      Collector<EmbeddingRecord> out) {
    float[][] embeddings = model.embed(prepared.freshTokens());
    long tokenizerVersion = prepared.version().number();
    for (int i = 0; i < prepared.examples().size(); i++) {
      TokenizedExample example = prepared.examples().get(i).example();
      out.collect(new EmbeddingRecord(example.seedTable(), example.seedKey(), embeddings[i], step,
          tokenizerVersion, example.commitTimeMillis(), now));
    }
  }

  /**
   * Skips a batch while the trainer rests. Its examples still update the tokenizer's sketches and
   * the replay reservoir, so the statistics cover the whole stream and later batches can replay
   * them. Only the inference path skips, so no change loses its embedding.
   */
  private void skip(ExampleBatch batch, long started) {
    for (Example example : batch.examples()) {
      preparation.tokenizer().observe(example);
      reservoir.offer(example);
    }
    metrics.skipped(batch.examples().size(), started, System.nanoTime());
    if (metrics.skippedExamples() % 10_000 < batch.examples().size()) {
      LOG.info("Skipped {} examples so far because training is slower than its input", metrics.skippedExamples());
    }
  }

  /** Returns the number of examples skipped while the trainer rested, for tests. */
  long skippedExamples() {
    return metrics.skippedExamples();
  }

  /** Returns the number of entities in the replay reservoir, for tests. */
  int reservoirSize() {
    return reservoir.size();
  }

  /** Returns the tokenizer version that the next batch would start from, for tests. */
  long tokenizerVersion() {
    return preparation.tokenizer().version().number();
  }

  BatchPreparation preparation() {
    return preparation;
  }

  /** Returns the current weights in the encoder's saved format, for tests. */
  byte[] weights() {
    return model.saveParameters();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    if (model != null) {
      state.update(model.saveParameters(), model.saveOptimizerState(), model.step(), preparation.tokenizer(),
          preparation.masker());
      state.updateModelVersion(versioning.lastVersion(), versioning.lastVersionStep());
      state.updateReplay(reservoir);
    }
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
