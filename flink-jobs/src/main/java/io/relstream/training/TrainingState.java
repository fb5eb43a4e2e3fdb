package io.relstream.training;

import io.relstream.example.Example;
import io.relstream.masking.Masker;
import io.relstream.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;

/**
 * The training operator's checkpointed state, each part as bytes that its owner serializes, so
 * that no sketch or model object reaches Kryo. The model snapshot is the weights, the optimizer
 * state, the step and the tokenizer version together, with SHA-256 fingerprints of the weights and
 * the optimizer state; the sketches and masking counts are the live statistics. The last model
 * version written and its step tell a restored operator where versioning continues, and the replay
 * reservoir's examples and counter let it replay as the uninterrupted operator would. Not
 * thread-safe: used from the operator's thread.
 */
final class TrainingState {
  private final ListState<byte[]> weights;
  private final ListState<byte[]> optimizer;
  private final ListState<String> fingerprints;
  private final ListState<Long> step;
  private final ListState<byte[]> tokenizerVersion;
  private final ListState<byte[]> tokenizerSketches;
  private final ListState<byte[]> maskingCounts;
  private final ListState<long[]> modelVersion;
  private final ListState<Example> replayExamples;
  private final ListState<Long> replayEntitiesSeen;

  TrainingState(OperatorStateStore store) throws Exception {
    weights = store.getListState(new ListStateDescriptor<>("encoder-weights", byte[].class));
    optimizer = store.getListState(new ListStateDescriptor<>("optimizer-state", byte[].class));
    fingerprints = store.getListState(new ListStateDescriptor<>("model-fingerprints", String.class));
    step = store.getListState(new ListStateDescriptor<>("encoder-step", Long.class));
    tokenizerVersion = store.getListState(new ListStateDescriptor<>("tokenizer-version", byte[].class));
    tokenizerSketches = store.getListState(new ListStateDescriptor<>("tokenizer-sketches", byte[].class));
    maskingCounts = store.getListState(new ListStateDescriptor<>("masking-counts", byte[].class));
    modelVersion = store.getListState(new ListStateDescriptor<>("model-version", long[].class));
    replayExamples = store.getListState(new ListStateDescriptor<>("replay-reservoir", Example.class));
    replayEntitiesSeen = store.getListState(new ListStateDescriptor<>("replay-entities-seen", Long.class));
  }

  /** Returns the restored weights, or null when the operator starts fresh. */
  byte[] weights() throws Exception {
    return last(weights.get());
  }

  /**
   * Returns the restored optimizer state (step count and moment estimates), or null when the
   * operator starts fresh or restores a checkpoint taken before the state held it.
   */
  byte[] optimizer() throws Exception {
    return last(optimizer.get());
  }

  /**
   * Returns the SHA-256 fingerprints of the checkpointed weights and optimizer state, in that
   * order, or an empty list when the checkpoint has none.
   */
  List<String> fingerprints() throws Exception {
    List<String> values = new ArrayList<>();
    fingerprints.get().forEach(values::add);
    return values;
  }

  /** Returns the restored step, or 0 when the operator starts fresh. */
  long step() throws Exception {
    Long restored = last(step.get());
    return restored == null ? 0 : restored;
  }

  /** Returns the last model version written and its step, {0, 0} when there is none. */
  long[] modelVersion() throws Exception {
    long[] restored = last(modelVersion.get());
    return restored == null ? new long[] {0, 0} : restored;
  }

  /** Restores the tokenizer's version and sketches, when the state has them. */
  void restoreTokenizer(Tokenizer tokenizer) throws Exception {
    byte[] version = last(tokenizerVersion.get());
    byte[] sketches = last(tokenizerSketches.get());
    if (version != null && sketches != null) {
      tokenizer.restore(sketches, version);
    }
  }

  /** Restores the replay reservoir's examples and counter, when the state has them. */
  void restoreReplay(ReplayReservoir reservoir) throws Exception {
    Long seen = last(replayEntitiesSeen.get());
    if (seen != null) {
      List<Example> examples = new ArrayList<>();
      replayExamples.get().forEach(examples::add);
      reservoir.restore(examples, seen);
    }
  }

  void updateReplay(ReplayReservoir reservoir) throws Exception {
    replayExamples.update(reservoir.examples());
    replayEntitiesSeen.update(List.of(reservoir.entitiesSeen()));
  }

  /** Restores the masker's column-aware counts, when the state has them. */
  void restoreMasker(Masker masker) throws Exception {
    byte[] counts = last(maskingCounts.get());
    if (counts != null) {
      masker.restore(counts);
    }
  }

  /** Returns the last element of a list state, or null when it is empty; this operator writes one. */
  private static <T> T last(Iterable<T> values) {
    T value = null;
    for (T element : values) {
      value = element;
    }
    return value;
  }

  void update(byte[] parameters, byte[] optimizerState, long modelStep, Tokenizer tokenizer, Masker masker)
      throws Exception {
    weights.update(List.of(parameters));
    optimizer.update(List.of(optimizerState));
    fingerprints.update(List.of(Fingerprints.sha256(parameters), Fingerprints.sha256(optimizerState)));
    step.update(List.of(modelStep));
    tokenizerVersion.update(List.of(tokenizer.version().toBytes()));
    tokenizerSketches.update(List.of(tokenizer.snapshotSketches()));
    maskingCounts.update(List.of(masker.snapshot()));
  }

  void updateModelVersion(long version, long versionStep) throws Exception {
    modelVersion.update(List.of(new long[] {version, versionStep}));
  }
}
