package io.relstream.job;

import static io.relstream.job.RelstreamOptions.*;

import io.relstream.config.OptionChecks;
import io.relstream.graph.HistoryBounds;
import io.relstream.publish.PublishSettings;
import io.relstream.reembed.ReembedSettings;
import io.relstream.sampling.SamplingConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the job's stages, read once at start-up from {@link RelstreamOptions}.
 *
 * @param publish where the job publishes
 * @param sampling hops, fan-outs, example size and the history bounds of the graph
 * @param timeResolutionTimeout wait for a row's time source
 * @param assemblyTimeout wait for an example's parent rows
 * @param batchSize examples per batch
 * @param batchTimeout longest wait for a batch to fill
 * @param maskRate share of content cells masked
 * @param objective tokenizer and masking settings of the pre-training objective
 * @param seed seed of masking and initialization
 * @param maxTokens tokens per example
 * @param modelDim encoder width
 * @param layers encoder layers
 * @param embeddingDim published embedding size
 * @param learningRate peak AdamW learning rate
 * @param training optimizer and thread settings of the training operator
 * @param checkpointInterval interval between checkpoints
 * @param checkpointDir checkpoint directory URI, or null
 * @param networkBufferTimeout network buffer timeout
 * @param graphParallelism parallelism of graph and sampling operators
 * @param reembed when and how fast entities that did not change are sent for embedding again
 */
public record JobSettings(
    PublishSettings publish,
    SamplingConfig sampling,
    Duration timeResolutionTimeout,
    Duration assemblyTimeout,
    int batchSize,
    Duration batchTimeout,
    double maskRate,
    ObjectiveSettings objective,
    int seed,
    int maxTokens,
    int modelDim,
    int layers,
    int embeddingDim,
    double learningRate,
    TrainingSettings training,
    Duration checkpointInterval,
    String checkpointDir,
    Duration networkBufferTimeout,
    int graphParallelism,
    ReembedSettings reembed)
    implements Serializable {

  /** Reads and validates the options; an error names the key, the allowed range and the value. */
  public static JobSettings from(ReadableConfig config) {
    PublishSettings publish = new PublishSettings(
        OptionChecks.required(KAFKA_BOOTSTRAP_SERVERS.key(), config.get(KAFKA_BOOTSTRAP_SERVERS)),
        config.get(EMBEDDINGS_TOPIC), config.get(PROGRESS_TOPIC), config.get(DEAD_LETTER_TOPIC),
        config.get(MODEL_VERSIONS_TOPIC), Map.of()).withExactlyOnce(exactlyOnce(config));
    return new JobSettings(
        publish,
        sampling(config),
        positive(TIME_RESOLUTION_TIMEOUT.key(), config.get(TIME_RESOLUTION_TIMEOUT)),
        positive(ASSEMBLY_TIMEOUT.key(), config.get(ASSEMBLY_TIMEOUT)),
        OptionChecks.inRange(BATCH_SIZE.key(), config.get(BATCH_SIZE), 1, 4_096),
        positive(BATCH_TIMEOUT.key(), config.get(BATCH_TIMEOUT)),
        OptionChecks.inRange(MASK_RATE.key(), config.get(MASK_RATE), 0.10, 0.40),
        ObjectiveSettings.from(config),
        config.get(SEED),
        OptionChecks.inRange(MAX_TOKENS.key(), config.get(MAX_TOKENS), 8, 4_096),
        OptionChecks.inRange(MODEL_DIM.key(), config.get(MODEL_DIM), 8, 4_096),
        OptionChecks.inRange(LAYERS.key(), config.get(LAYERS), 1, 48),
        OptionChecks.inRange(EMBEDDING_DIM.key(), config.get(EMBEDDING_DIM), 2, 4_096),
        OptionChecks.inRange(LEARNING_RATE.key(), config.get(LEARNING_RATE), 1e-7, 1.0),
        TrainingSettings.from(config),
        positive(CHECKPOINT_INTERVAL.key(), config.get(CHECKPOINT_INTERVAL)),
        config.getOptional(CHECKPOINT_DIR).orElse(null),
        config.get(NETWORK_BUFFER_TIMEOUT),
        OptionChecks.inRange(GRAPH_PARALLELISM.key(), config.get(GRAPH_PARALLELISM), 1, 1_024),
        reembed(config));
  }

  /** Returns these settings with {@code publish} in place of the current destinations. */
  public JobSettings withPublish(PublishSettings publish) {
    return new JobSettings(publish, sampling, timeResolutionTimeout, assemblyTimeout, batchSize, batchTimeout,
        maskRate, objective, seed, maxTokens, modelDim, layers, embeddingDim, learningRate, training, checkpointInterval,
        checkpointDir, networkBufferTimeout, graphParallelism, reembed);
  }

  private static SamplingConfig sampling(ReadableConfig config) {
    int firstFanOut = OptionChecks.inRange(FIRST_FAN_OUT.key(), config.get(FIRST_FAN_OUT), 1, 1_024);
    HistoryBounds bounds = new HistoryBounds(
        OptionChecks.inRange(ROW_VERSIONS.key(), config.get(ROW_VERSIONS), 1, 1_024),
        nonNegative(VERSION_RETENTION.key(), config.get(VERSION_RETENTION)).toMillis(),
        OptionChecks.inRange(CHILDREN_RETAINED.key(), config.get(CHILDREN_RETAINED), firstFanOut, 100_000));
    return new SamplingConfig(
        OptionChecks.inRange(HOPS.key(), config.get(HOPS), 1, 3),
        firstFanOut,
        OptionChecks.inRange(FAN_OUT.key(), config.get(FAN_OUT), 1, 1_024),
        OptionChecks.inRange(MAX_ROWS.key(), config.get(MAX_ROWS), 1, SamplingConfig.MAX_ROWS_LIMIT),
        bounds,
        OptionChecks.inRange(CACHE_ENTRIES.key(), config.get(CACHE_ENTRIES), 0, 10_000_000))
        .withChildValues(config.get(CHILD_VALUES));
  }

  private static ReembedSettings reembed(ReadableConfig config) {
    Duration staleAfter = config.get(REEMBED_STALE_AFTER);
    if (staleAfter.compareTo(Duration.ofSeconds(1)) < 0 || staleAfter.compareTo(Duration.ofDays(365)) > 0) {
      throw OptionChecks.invalid(REEMBED_STALE_AFTER.key(), "a duration from 1 s to 365 d", staleAfter);
    }
    boolean enabled = config.get(REEMBED_ENABLED);
    if (enabled && !config.get(INFERENCE_ENABLED)) {
      throw OptionChecks.invalid(REEMBED_ENABLED.key(), "false while inference.enabled is false", true);
    }
    return new ReembedSettings(enabled, staleAfter,
        OptionChecks.inRange(REEMBED_MAX_PER_SECOND.key(), config.get(REEMBED_MAX_PER_SECOND), 0.01, 100_000.0));
  }

  private static Duration nonNegative(String key, Duration value) {
    if (value.isNegative()) {
      throw OptionChecks.invalid(key, "a duration of 0 or more", value);
    }
    return value;
  }

  private static boolean exactlyOnce(ReadableConfig config) {
    String guarantee = config.get(DELIVERY_GUARANTEE);
    if (!guarantee.equals("at-least-once") && !guarantee.equals("exactly-once")) {
      throw OptionChecks.invalid(DELIVERY_GUARANTEE.key(), "at-least-once or exactly-once", guarantee);
    }
    return guarantee.equals("exactly-once");
  }

  private static Duration positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw OptionChecks.invalid(key, "a positive duration", value);
    }
    return value;
  }
}
