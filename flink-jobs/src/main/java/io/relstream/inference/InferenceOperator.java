package io.relstream.inference;

import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.publish.EmbeddingRecord;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds each changed entity at once with the latest model snapshot and publishes the embedding.
 * Input 1 is the stream of examples; input 2 is the training operator's model snapshots, broadcast
 * to every subtask. The latest snapshot lives in broadcast state, so a checkpoint captures it and
 * a restored subtask embeds with it before the next snapshot arrives. Examples are embedded in
 * micro-batches of up to {@code batchSize}, or after {@code batchTimeout}; a micro-batch is
 * flushed before each checkpoint barrier, so no embedding is lost on a restore.
 *
 * <p>Examples that arrive before any snapshot wait in operator state, up to {@code
 * pendingCapacity} per subtask, and are embedded when the first snapshot arrives. Beyond the
 * capacity the oldest waiting example is dropped and counted ({@code examplesDroppedWaitingForModel}).
 *
 * <p>A re-embedding of an unchanged entity is skipped and counted ({@code reembedsSkipped}) when the
 * entity's previous request was sent after this subtask loaded its current snapshot. That request
 * reached the subtask later still, so it was embedded with the current snapshot. The rule holds
 * when one subtask receives all examples of an entity, which the job's wiring ensures.
 */
public final class InferenceOperator extends AbstractStreamOperator<EmbeddingRecord>
    implements TwoInputStreamOperator<Example, ModelSnapshot, EmbeddingRecord>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(InferenceOperator.class);
  /** The broadcast state that contains the latest snapshot under {@link #LATEST}. */
  public static final MapStateDescriptor<String, ModelSnapshot> SNAPSHOT_STATE =
      new MapStateDescriptor<>("model-snapshot", String.class, ModelSnapshot.class);
  private static final String LATEST = "latest";

  private final DatabaseSchema schema;
  private final TokenizerConfig tokenizerConfig;
  private final EncoderConfig encoderConfig;
  private final InferenceSettings settings;
  private transient BroadcastState<String, ModelSnapshot> snapshotState;
  private transient ListState<Example> waitingState;
  private transient ArrayDeque<Example> waiting;
  private transient List<Example> batch;
  private transient boolean timerSet;
  private transient RelationalEncoderModel model;
  private transient Tokenizer tokenizer;
  private transient long modelStep;
  private transient long snapshotLoadedMillis;
  private transient Counter embedded;
  private transient Counter dropped;
  private transient Counter reembedded;
  private transient Counter reembedsSkipped;

  public InferenceOperator(DatabaseSchema schema, TokenizerConfig tokenizerConfig, EncoderConfig encoderConfig,
      InferenceSettings settings) {
    this.schema = schema;
    this.tokenizerConfig = tokenizerConfig;
    this.encoderConfig = encoderConfig;
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    snapshotState = context.getOperatorStateStore().getBroadcastState(SNAPSHOT_STATE);
    waitingState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("inference-waiting", Example.class));
    waiting = new ArrayDeque<>();
    waitingState.get().forEach(waiting::add);
  }

  @Override
  public void open() throws Exception {
    super.open();
    batch = new ArrayList<>();
    modelStep = -1;
    embedded = getMetricGroup().counter("inferenceExamples");
    dropped = getMetricGroup().counter("examplesDroppedWaitingForModel");
    reembedded = getMetricGroup().counter("reembeddings");
    reembedsSkipped = getMetricGroup().counter("reembedsSkipped");
    getMetricGroup().gauge("examplesWaitingForModel", (Gauge<Integer>) () -> waiting.size());
    getMetricGroup().gauge("inferenceModelStep", (Gauge<Long>) () -> modelStep);
    ModelSnapshot restored = snapshotState.get(LATEST);
    if (restored != null) {
      load(restored);
      LOG.info("Restored inference model at step {} with tokenizer version {}; {} examples waited for it",
          modelStep, tokenizer.version().number(), waiting.size());
      if (!waiting.isEmpty()) {
        registerFlush(getProcessingTimeService().getCurrentProcessingTime());
      }
    }
  }

  @Override
  public void processElement1(StreamRecord<Example> element) {
    Example example = element.getValue();
    if (model == null) {
      await(example);
      return;
    }
    if (example.isReembedding() && example.previousRequestMillis() > snapshotLoadedMillis) {
      reembedsSkipped.inc();
      return;
    }
    batch.add(example);
    if (batch.size() >= settings.batchSize()) {
      flush();
    } else {
      registerFlush(getProcessingTimeService().getCurrentProcessingTime() + settings.batchTimeout().toMillis());
    }
  }

  @Override
  public void processElement2(StreamRecord<ModelSnapshot> element) throws Exception {
    ModelSnapshot snapshot = element.getValue();
    // The micro-batch in progress goes out with the weights it arrived under, before they change.
    flush();
    snapshotState.put(LATEST, snapshot);
    boolean first = model == null;
    load(snapshot);
    if (first) {
      LOG.info("First model snapshot at step {}; embedding {} examples that waited for it", modelStep, waiting.size());
    }
    while (!waiting.isEmpty()) {
      batch.add(waiting.poll());
      if (batch.size() >= settings.batchSize()) {
        flush();
      }
    }
    flush();
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    flush();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    waitingState.update(new ArrayList<>(waiting));
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (model != null) {
      model.close();
      model = null;
    }
    super.close();
  }

  /** Keeps an example until the first snapshot arrives, dropping the oldest beyond the capacity. */
  private void await(Example example) {
    waiting.add(example);
    if (waiting.size() > settings.pendingCapacity()) {
      Example oldest = waiting.poll();
      dropped.inc();
      if (dropped.getCount() == 1 || dropped.getCount() % 1_000 == 0) {
        LOG.warn("Dropped {} examples so far (latest {}/{}) that waited for the first model snapshot beyond the"
                + " capacity of {}; raise inference.pending-capacity", dropped.getCount(), oldest.seedTable(),
            oldest.seedKey(), settings.pendingCapacity());
      }
    }
  }

  private void load(ModelSnapshot snapshot) {
    if (model == null) {
      model = new RelationalEncoderModel(encoderConfig);
      tokenizer = new Tokenizer(schema, tokenizerConfig);
    }
    model.loadParameters(snapshot.weights(), snapshot.step());
    tokenizer.useVersion(TokenizerVersion.fromBytes(snapshot.tokenizerVersion()));
    modelStep = snapshot.step();
    // A restored snapshot counts as loaded now, so entities requested before the restore are
    // re-embedded rather than skipped.
    snapshotLoadedMillis = getProcessingTimeService().getCurrentProcessingTime();
  }

  private void registerFlush(long time) {
    if (!timerSet) {
      timerSet = true;
      getProcessingTimeService().registerTimer(time, this);
    }
  }

  /** Embeds the micro-batch with the current snapshot and emits one record per example. */
  private void flush() {
    if (batch.isEmpty() || model == null) {
      return;
    }
    List<TokenizedExample> tokenized = new ArrayList<>(batch.size());
    for (Example example : batch) {
      tokenized.add(tokenizer.tokenize(example));
    }
    float[][] vectors = model.embed(TokenBatch.collateUnmasked(tokenized, tokenizerConfig.maxTokens()));
    long now = System.currentTimeMillis();
    long tokenizerVersion = tokenizer.version().number();
    for (int i = 0; i < vectors.length; i++) {
      TokenizedExample example = tokenized.get(i);
      boolean reembedding = batch.get(i).isReembedding();
      output.collect(new StreamRecord<>(new EmbeddingRecord(example.seedTable(), example.seedKey(), vectors[i],
          modelStep, tokenizerVersion, example.commitTimeMillis(), now, reembedding)));
      if (reembedding) {
        reembedded.inc();
      }
    }
    batch.clear();
    embedded.inc(vectors.length);
  }
}
