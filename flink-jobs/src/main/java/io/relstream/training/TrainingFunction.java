package io.relstream.training;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.StepResult;
import io.relstream.masking.MaskingConfig;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.TokenizerConfig;
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
 * weights are used with), the live sketches and the
 * column-aware masking counts. A restored job therefore resumes at the checkpointed step with the
 * same weights, optimizer state, version, sketches and vocabularies, and trains on as the
 * uninterrupted job would have.
 */
public final class TrainingFunction extends ProcessFunction<ExampleBatch, EmbeddingRecord> implements CheckpointedFunction {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainingFunction.class);
  public static final OutputTag<TrainingProgress> PROGRESS = new OutputTag<>("training-progress") {};

  private final DatabaseSchema schema;
  private final TokenizerConfig tokenizerConfig;
  private final MaskingConfig maskingConfig;
  private final EncoderConfig config;
  private final OptimizerConfig optimizerConfig;
  private final long seed;
  private transient RelationalEncoderModel model;
  private transient BatchPreparation preparation;
  private transient TrainingState state;
  private transient byte[] restoredWeights;
  private transient byte[] restoredOptimizer;
  private transient long restoredStep;
  private transient volatile float lastLoss;

  public TrainingFunction(DatabaseSchema schema, TokenizerConfig tokenizerConfig, MaskingConfig maskingConfig,
      EncoderConfig config, OptimizerConfig optimizerConfig, long seed) {
    this.schema = schema;
    this.tokenizerConfig = tokenizerConfig;
    this.maskingConfig = maskingConfig;
    this.config = config;
    this.optimizerConfig = optimizerConfig;
    this.seed = seed;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    preparation = new BatchPreparation(schema, tokenizerConfig, maskingConfig, seed);
    state = new TrainingState(context.getOperatorStateStore());
    restoredWeights = state.weights();
    restoredOptimizer = state.optimizer();
    restoredStep = state.step();
    state.restoreTokenizer(preparation.tokenizer());
    state.restoreMasker(preparation.masker());
  }

  @Override
  public void open(Configuration parameters) {
    model = new RelationalEncoderModel(config, optimizerConfig);
    if (restoredWeights != null) {
      model.loadParameters(restoredWeights, restoredStep);
      if (restoredOptimizer != null) {
        model.loadOptimizerState(restoredOptimizer);
      } else {
        LOG.warn("The restored state has no optimizer state, so AdamW restarts its moment estimates at step {}",
            restoredStep);
      }
      restoredOptimizer = null;
      LOG.info("Restored encoder at step {} ({} bytes of weights) with tokenizer version {}", restoredStep,
          restoredWeights.length, preparation.tokenizer().version().number());
      restoredWeights = null;
    }
    getRuntimeContext().getMetricGroup().gauge("trainingStep", (Gauge<Long>) () -> model == null ? 0L : model.step());
    getRuntimeContext().getMetricGroup().gauge("trainingLoss", (Gauge<Float>) () -> lastLoss);
    getRuntimeContext().getMetricGroup().gauge("tokenizerVersion",
        (Gauge<Long>) () -> preparation.tokenizer().version().number());
  }

  @Override
  public void processElement(ExampleBatch batch, Context context, Collector<EmbeddingRecord> out) {
    long started = System.nanoTime();
    BatchPreparation.PreparedBatch prepared =
        preparation.prepare(batch.examples(), model.step(), context.timerService().currentProcessingTime());
    StepResult result = model.trainStep(prepared.tokens());
    long stepMillis = (System.nanoTime() - started) / 1_000_000;
    lastLoss = result.loss();
    float[][] embeddings = model.embed(prepared.tokens());
    long now = System.currentTimeMillis();
    for (int i = 0; i < prepared.examples().size(); i++) {
      TokenizedExample example = prepared.examples().get(i).example();
      out.collect(new EmbeddingRecord(example.seedTable(), example.seedKey(), embeddings[i], result.step(),
          example.commitTimeMillis(), now));
    }
    context.output(PROGRESS, new TrainingProgress(result.step(), result.loss(), result.maskedAccuracy(),
        prepared.examples().size(), result.maskedTokens(), stepMillis, now));
    if (result.step() % 100 == 0) {
      LOG.info("Training step {}: loss {}, masked accuracy {}, tokenizer version {}", result.step(), result.loss(),
          result.maskedAccuracy(), prepared.version().number());
    }
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
