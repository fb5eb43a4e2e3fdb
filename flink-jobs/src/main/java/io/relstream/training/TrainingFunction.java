package io.relstream.training;

import io.relstream.batching.ExampleBatch;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.StepResult;
import io.relstream.encoder.TokenBatch;
import io.relstream.masking.MaskedExample;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.publish.TrainingProgress;
import io.relstream.tokenize.TokenizedExample;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * Trains the encoder, one step per batch, then embeds the batch's seeds with the updated weights.
 * Runs with parallelism 1. The weights and the step counter are operator state, so a restored job
 * resumes at the checkpointed step with the checkpointed weights.
 */
public final class TrainingFunction extends ProcessFunction<ExampleBatch, EmbeddingRecord> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainingFunction.class);
  public static final OutputTag<TrainingProgress> PROGRESS = new OutputTag<>("training-progress") {};

  private final EncoderConfig config;
  private final int maxTokens;
  private transient RelationalEncoderModel model;
  private transient ListState<byte[]> weightsState;
  private transient ListState<Long> stepState;
  private transient byte[] restoredWeights;
  private transient long restoredStep;
  private transient volatile float lastLoss;

  public TrainingFunction(EncoderConfig config, int maxTokens) {
    this.config = config;
    this.maxTokens = maxTokens;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    weightsState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("encoder-weights", byte[].class));
    stepState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("encoder-step", Long.class));
    for (byte[] weights : weightsState.get()) {
      restoredWeights = weights;
    }
    for (Long step : stepState.get()) {
      restoredStep = step;
    }
  }

  @Override
  public void open(Configuration parameters) {
    model = new RelationalEncoderModel(config);
    if (restoredWeights != null) {
      model.loadParameters(restoredWeights, restoredStep);
      LOG.info("Restored encoder at step {} ({} bytes of weights)", restoredStep, restoredWeights.length);
      restoredWeights = null;
    }
    getRuntimeContext().getMetricGroup().gauge("trainingStep", (Gauge<Long>) () -> model == null ? 0L : model.step());
    getRuntimeContext().getMetricGroup().gauge("trainingLoss", (Gauge<Float>) () -> lastLoss);
  }

  @Override
  public void processElement(ExampleBatch batch, Context context, Collector<EmbeddingRecord> out) {
    List<MaskedExample> examples = batch.examples();
    long started = System.nanoTime();
    TokenBatch tokens = TokenBatch.collate(examples, maxTokens);
    StepResult result = model.trainStep(tokens);
    long stepMillis = (System.nanoTime() - started) / 1_000_000;
    lastLoss = result.loss();
    float[][] embeddings = model.embed(tokens);
    long now = System.currentTimeMillis();
    for (int i = 0; i < examples.size(); i++) {
      TokenizedExample example = examples.get(i).example();
      out.collect(new EmbeddingRecord(example.seedTable(), example.seedKey(), embeddings[i], result.step(),
          example.commitTimeMillis(), now));
    }
    context.output(PROGRESS, new TrainingProgress(result.step(), result.loss(), result.maskedAccuracy(),
        examples.size(), result.maskedTokens(), stepMillis, now));
    if (result.step() % 100 == 0) {
      LOG.info("Training step {}: loss {}, masked accuracy {}", result.step(), result.loss(), result.maskedAccuracy());
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    if (model != null) {
      weightsState.update(List.of(model.saveParameters()));
      stepState.update(List.of(model.step()));
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
