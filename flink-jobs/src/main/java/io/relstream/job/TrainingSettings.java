package io.relstream.job;

import static io.relstream.job.RelstreamOptions.BATCH_SIZE;
import static io.relstream.job.RelstreamOptions.CLIP_NORM;
import static io.relstream.job.RelstreamOptions.INFERENCE_BATCH_SIZE;
import static io.relstream.job.RelstreamOptions.INFERENCE_BATCH_TIMEOUT;
import static io.relstream.job.RelstreamOptions.INFERENCE_ENABLED;
import static io.relstream.job.RelstreamOptions.INFERENCE_PARALLELISM;
import static io.relstream.job.RelstreamOptions.INFERENCE_PENDING_CAPACITY;
import static io.relstream.job.RelstreamOptions.ATTENTION;
import static io.relstream.job.RelstreamOptions.HEADS;
import static io.relstream.job.RelstreamOptions.RELATION_BIAS;
import static io.relstream.job.RelstreamOptions.MODEL_DIM;
import static io.relstream.job.RelstreamOptions.INTRA_OP_THREADS;
import static io.relstream.job.RelstreamOptions.MODEL_DIRECTORY;
import static io.relstream.job.RelstreamOptions.REPLAY_CAPACITY;
import static io.relstream.job.RelstreamOptions.REPLAY_FILLS_BATCHES;
import static io.relstream.job.RelstreamOptions.REPLAY_RATIO;
import static io.relstream.job.RelstreamOptions.SNAPSHOT_INTERVAL;
import static io.relstream.job.RelstreamOptions.SNAPSHOT_INTERVAL_STEPS;
import static io.relstream.job.RelstreamOptions.TRAINER_MAX_BUSY_FRACTION;
import static io.relstream.job.RelstreamOptions.VERSIONS_RETAINED;
import static io.relstream.job.RelstreamOptions.VERSION_INTERVAL;
import static io.relstream.job.RelstreamOptions.VERSION_INTERVAL_STEPS;
import static io.relstream.job.RelstreamOptions.WARMUP_STEPS;
import static io.relstream.job.RelstreamOptions.WEIGHT_DECAY;

import io.relstream.config.OptionChecks;
import io.relstream.encoder.AttentionMode;
import io.relstream.encoder.EncoderConfig;
import io.relstream.inference.InferenceSettings;
import io.relstream.training.ModelVersionSettings;
import io.relstream.training.ReplaySettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the optimizer, of the training operator's PyTorch threads, of model
 * versions and of replay.
 *
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupSteps steps of linear learning-rate warm-up
 * @param clipNorm largest global gradient norm, 0 for no clipping
 * @param intraOpThreads PyTorch intra-op threads of the training operator's process
 * @param attention which keys the encoder's attention heads may attend to
 * @param heads attention heads per encoder layer
 * @param relationBias whether relational attention learns a bias per head and row relation
 * @param versions when and where model versions are written
 * @param replay how much each batch replays of older seeds
 * @param inference how changes are embedded with the latest model snapshot and how the trainer
 *     keeps pace
 */
public record TrainingSettings(
    double weightDecay,
    int warmupSteps,
    double clipNorm,
    int intraOpThreads,
    AttentionMode attention,
    int heads,
    boolean relationBias,
    ModelVersionSettings versions,
    ReplaySettings replay,
    InferenceSettings inference)
    implements Serializable {

  /** Reads and validates the options; an error names the key, the allowed range and the value. */
  static TrainingSettings from(ReadableConfig config) {
    return new TrainingSettings(
        OptionChecks.inRange(WEIGHT_DECAY.key(), config.get(WEIGHT_DECAY), 0.0, 1.0),
        OptionChecks.inRange(WARMUP_STEPS.key(), config.get(WARMUP_STEPS), 0, 1_000_000),
        OptionChecks.inRange(CLIP_NORM.key(), config.get(CLIP_NORM), 0.0, 1e6),
        OptionChecks.inRange(INTRA_OP_THREADS.key(), config.get(INTRA_OP_THREADS), 1, 1_024),
        attention(config.get(ATTENTION)),
        heads(config),
        config.get(RELATION_BIAS),
        versions(config),
        new ReplaySettings(
            OptionChecks.inRange(REPLAY_RATIO.key(), config.get(REPLAY_RATIO), 0.0, 0.9),
            OptionChecks.inRange(REPLAY_CAPACITY.key(), config.get(REPLAY_CAPACITY), 1, 1_000_000),
            config.get(REPLAY_FILLS_BATCHES) ? config.get(BATCH_SIZE) : 0),
        inference(config));
  }

  private static AttentionMode attention(String value) {
    try {
      return AttentionMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(ATTENTION.key(), "relational or full", value);
    }
  }

  /**
   * Returns the head count after checking it against the width and the attention mode, so that a
   * mismatch fails at start-up and not when the training operator builds the encoder.
   */
  private static int heads(ReadableConfig config) {
    int heads = OptionChecks.inRange(HEADS.key(), config.get(HEADS), 1, 64);
    int modelDim = config.get(MODEL_DIM);
    if (modelDim % heads != 0) {
      throw OptionChecks.invalid(HEADS.key(), "a divisor of model.dim (" + modelDim + ")", heads);
    }
    boolean relational = attention(config.get(ATTENTION)) == AttentionMode.RELATIONAL;
    if (relational && heads % EncoderConfig.ATTENTION_GROUPS != 0) {
      throw OptionChecks.invalid(
          HEADS.key(), "a multiple of " + EncoderConfig.ATTENTION_GROUPS + " with relational attention", heads);
    }
    return heads;
  }

  private static InferenceSettings inference(ReadableConfig config) {
    double busy = config.get(TRAINER_MAX_BUSY_FRACTION);
    if (!(busy > 0 && busy <= 1)) {
      throw OptionChecks.invalid(TRAINER_MAX_BUSY_FRACTION.key(), "a number in (0, 1]", busy);
    }
    Duration timeout = config.get(INFERENCE_BATCH_TIMEOUT);
    if (timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw OptionChecks.invalid(INFERENCE_BATCH_TIMEOUT.key(), "a duration from 0 to 1 min", timeout);
    }
    Duration snapshotInterval = config.get(SNAPSHOT_INTERVAL);
    if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
      throw OptionChecks.invalid(SNAPSHOT_INTERVAL.key(), "a positive duration", snapshotInterval);
    }
    return new InferenceSettings(
        config.get(INFERENCE_ENABLED),
        OptionChecks.inRange(INFERENCE_PARALLELISM.key(), config.get(INFERENCE_PARALLELISM), 1, 1_024),
        OptionChecks.inRange(INFERENCE_BATCH_SIZE.key(), config.get(INFERENCE_BATCH_SIZE), 1, 4_096),
        timeout,
        OptionChecks.inRange(
            SNAPSHOT_INTERVAL_STEPS.key(), config.get(SNAPSHOT_INTERVAL_STEPS), 1L, 1_000_000_000L),
        snapshotInterval,
        OptionChecks.inRange(
            INFERENCE_PENDING_CAPACITY.key(), config.get(INFERENCE_PENDING_CAPACITY), 1, 10_000_000),
        busy);
  }

  private static ModelVersionSettings versions(ReadableConfig config) {
    String directory = config.getOptional(MODEL_DIRECTORY).orElse(null);
    if (directory != null && directory.isBlank()) {
      throw OptionChecks.invalid(MODEL_DIRECTORY.key(), "a directory URI", "(blank)");
    }
    Duration interval = config.get(VERSION_INTERVAL);
    if (interval.isNegative() || interval.isZero()) {
      throw OptionChecks.invalid(VERSION_INTERVAL.key(), "a positive duration", interval);
    }
    return new ModelVersionSettings(
        directory,
        OptionChecks.inRange(
            VERSION_INTERVAL_STEPS.key(), config.get(VERSION_INTERVAL_STEPS), 1L, Long.MAX_VALUE),
        interval,
        OptionChecks.inRange(VERSIONS_RETAINED.key(), config.get(VERSIONS_RETAINED), 1, 10_000));
  }
}
