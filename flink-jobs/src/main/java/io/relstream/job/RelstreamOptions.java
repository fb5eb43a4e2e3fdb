package io.relstream.job;

import io.relstream.sampling.SamplingConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the job's graph, sampling, batching, training and publishing stages. */
public final class RelstreamOptions {

  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka bootstrap servers that the job publishes to.");

  public static final ConfigOption<String> EMBEDDINGS_TOPIC =
      ConfigOptions.key("kafka.embeddings-topic")
          .stringType()
          .defaultValue("relstream.embeddings")
          .withDescription("Compacted topic of entity embeddings, keyed by table/key.");

  public static final ConfigOption<String> PROGRESS_TOPIC =
      ConfigOptions.key("kafka.progress-topic")
          .stringType()
          .defaultValue("relstream.training-progress")
          .withDescription("Topic of training progress records, one per step.");

  public static final ConfigOption<String> DEAD_LETTER_TOPIC =
      ConfigOptions.key("kafka.dead-letter-topic")
          .stringType()
          .defaultValue("relstream.dead-letters")
          .withDescription("Topic of changes the job could not use, with the reason.");

  public static final ConfigOption<String> MODEL_VERSIONS_TOPIC =
      ConfigOptions.key("kafka.model-versions-topic")
          .stringType()
          .defaultValue("relstream.model-versions")
          .withDescription("Topic that announces each model version written, keyed by the version number.");

  public static final ConfigOption<String> DELIVERY_GUARANTEE =
      ConfigOptions.key("kafka.delivery-guarantee")
          .stringType()
          .defaultValue("at-least-once")
          .withDescription("Delivery guarantee of the Kafka sinks: at-least-once, or exactly-once (Kafka transactions that commit with each checkpoint, so records become visible to read_committed consumers only then).");

  public static final ConfigOption<Integer> ROW_VERSIONS =
      ConfigOptions.key("graph.row-versions")
          .intType()
          .defaultValue(8)
          .withDescription("Most versions of a row that a node keeps for showing the row as of a seed time.");

  public static final ConfigOption<Duration> VERSION_RETENTION =
      ConfigOptions.key("graph.version-retention")
          .durationType()
          .defaultValue(Duration.ofDays(1))
          .withDescription("Allowed lateness: how far a seed time may lie before a node's newest event time and still see the node's rows and children as they were.");

  public static final ConfigOption<Integer> CHILDREN_RETAINED =
      ConfigOptions.key("graph.children-retained")
          .intType()
          .defaultValue(64)
          .withDescription("Most children per child table that a node keeps for sampling as of a seed time; at least sampling.first-fan-out.");

  public static final ConfigOption<Integer> CACHE_ENTRIES =
      ConfigOptions.key("graph.cache-entries")
          .intType()
          .defaultValue(SamplingConfig.DEFAULT_CACHE_ENTRIES)
          .withDescription("Most entries of the heap cache in each subtask of the graph operators: nodes in the seed and hop operators, examples in flight in the assembler. Reads of a cached entry skip RocksDB, and changed entries go to RocksDB before each checkpoint or when the cache evicts them. 0 turns the cache off, which Flink's heap state backend (state.backend.type=hashmap) requires.");

  public static final ConfigOption<Boolean> CHILD_VALUES =
      ConfigOptions.key("graph.child-values")
          .booleanType()
          .defaultValue(true)
          .withDescription("Whether the operator of the hop before the last keeps its children's latest values in its child samples, so that it adds those children to examples itself instead of requesting each from the last hop's operator. Saves a RocksDB read and two messages per such child, and costs the values' size in that operator's state.");

  public static final ConfigOption<Duration> TIME_RESOLUTION_TIMEOUT =
      ConfigOptions.key("graph.time-resolution-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("How long a row waits for the row that carries its event time before its commit time is used.");

  public static final ConfigOption<Duration> ASSEMBLY_TIMEOUT =
      ConfigOptions.key("sampling.assembly-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("How long an example waits for its rows before it is emitted with those it has.");

  public static final ConfigOption<Integer> HOPS =
      ConfigOptions.key("sampling.hops")
          .intType()
          .defaultValue(2)
          .withDescription("Foreign-key steps from the seed that an example reaches, 1 to 3.");

  public static final ConfigOption<Integer> FIRST_FAN_OUT =
      ConfigOptions.key("sampling.first-fan-out")
          .intType()
          .defaultValue(16)
          .withDescription("Most recent children per child table that an example takes from its seed.");

  public static final ConfigOption<Integer> FAN_OUT =
      ConfigOptions.key("sampling.fan-out")
          .intType()
          .defaultValue(4)
          .withDescription("Most recent children per child table that an example takes from each row at hop 1 and beyond.");

  public static final ConfigOption<Integer> MAX_ROWS =
      ConfigOptions.key("sampling.max-rows")
          .intType()
          .defaultValue(16)
          .withDescription("Most rows per example, the seed included; nearer rows come first.");

  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("batch.size")
          .intType()
          .defaultValue(64)
          .withDescription("Examples per training batch.");

  public static final ConfigOption<Duration> BATCH_TIMEOUT =
      ConfigOptions.key("batch.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("Longest wait after a batch's first example before the batch is trained, full or not.");

  public static final ConfigOption<Double> MASK_RATE =
      ConfigOptions.key("masking.rate")
          .doubleType()
          .defaultValue(0.15)
          .withDescription("Share of content cells masked per example.");

  public static final ConfigOption<String> MASK_STRATEGY =
      ConfigOptions.key("masking.strategy")
          .stringType()
          .defaultValue("column-aware")
          .withDescription("Masking strategy: uniform, column-aware or correlated, or a mix such as uniform:0.7,correlated:0.3.");

  public static final ConfigOption<Boolean> MASK_CORRELATED_CHILDREN =
      ConfigOptions.key("masking.correlated-children")
          .booleanType()
          .defaultValue(false)
          .withDescription("Whether correlated masking masks a chosen row's children in the example with it.");

  public static final ConfigOption<String> MASK_TARGET_ROWS =
      ConfigOptions.key("masking.target-rows")
          .stringType()
          .defaultValue("all")
          .withDescription("Rows whose cells may be masked: all (the seed and its context rows) or seed (the seed row only, with every context row left visible).");

  public static final ConfigOption<Integer> SEED =
      ConfigOptions.key("training.seed")
          .intType()
          .defaultValue(42)
          .withDescription("Seed of masking and weight initialization, for repeatable runs on one machine.");

  public static final ConfigOption<Integer> MAX_TOKENS =
      ConfigOptions.key("model.max-tokens")
          .intType()
          .defaultValue(128)
          .withDescription("Tokens per example; the seed row's cells are kept first.");

  public static final ConfigOption<Integer> NUMERIC_BINS =
      ConfigOptions.key("model.numeric-bins")
          .intType()
          .defaultValue(32)
          .withDescription("Quantile bins per numeric or timestamp column.");

  public static final ConfigOption<Integer> CATEGORY_VOCABULARY =
      ConfigOptions.key("model.category-vocabulary")
          .intType()
          .defaultValue(256)
          .withDescription("Most frequent values per categorical column that get their own value id; rarer values share hashed buckets.");

  public static final ConfigOption<Integer> TEXT_PIECES =
      ConfigOptions.key("model.text-pieces")
          .intType()
          .defaultValue(16)
          .withDescription("Hashed word pieces kept per long text cell.");

  public static final ConfigOption<Double> IDENTIFIER_RATIO =
      ConfigOptions.key("model.identifier-ratio")
          .doubleType()
          .defaultValue(0.9)
          .withDescription("Share of distinct values at or above which a text column counts as an identifier and is never a prediction target.");

  public static final ConfigOption<List<String>> IDENTIFIER_COLUMNS =
      ConfigOptions.key("model.identifier-columns")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("Columns (table.column) always treated as identifiers, never predicted.");

  public static final ConfigOption<List<String>> TARGET_COLUMNS =
      ConfigOptions.key("model.target-columns")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("Columns (table.column) never treated as identifiers, even when near-unique.");

  public static final ConfigOption<Long> TOKENIZER_REFRESH_ROWS =
      ConfigOptions.key("model.tokenizer-refresh-rows")
          .longType()
          .defaultValue(50_000L)
          .withDescription("Most rows observed between two tokenizer versions; the first versions come each time the row count doubles.");

  public static final ConfigOption<Duration> TOKENIZER_REFRESH_INTERVAL =
      ConfigOptions.key("model.tokenizer-refresh-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription("Longest time between two tokenizer versions while rows arrive.");

  public static final ConfigOption<Integer> MODEL_DIM =
      ConfigOptions.key("model.dim")
          .intType()
          .defaultValue(64)
          .withDescription("Width of the encoder's hidden states.");

  public static final ConfigOption<Integer> LAYERS =
      ConfigOptions.key("model.layers")
          .intType()
          .defaultValue(2)
          .withDescription("Transformer layers of the encoder.");

  public static final ConfigOption<String> ATTENTION =
      ConfigOptions.key("model.attention")
          .stringType()
          .defaultValue("relational")
          .withDescription("Encoder attention: relational (each layer's heads split into four equal groups: column, feature, neighbour and full attention) or full (every head sees every token).");

  public static final ConfigOption<Boolean> RELATION_BIAS =
      ConfigOptions.key("model.relation-bias")
          .booleanType()
          .defaultValue(true)
          .withDescription("With relational attention, whether each layer adds to its attention scores a learned bias per head for how a key's row relates to the query's row (same row, parent, child, other) and a fixed +2 for keys in the query's own row.");

  public static final ConfigOption<Integer> HEADS =
      ConfigOptions.key("model.heads")
          .intType()
          .defaultValue(8)
          .withDescription("Attention heads per encoder layer; must divide model.dim, and be a multiple of 4 with relational attention.");

  public static final ConfigOption<Integer> EMBEDDING_DIM =
      ConfigOptions.key("model.embedding-dim")
          .intType()
          .defaultValue(32)
          .withDescription("Size of the published entity embeddings.");

  public static final ConfigOption<String> MODEL_DIRECTORY =
      ConfigOptions.key("model.directory")
          .stringType()
          .noDefaultValue()
          .withDescription("Directory URI (any Flink file system) that model versions are written to; without it no versions are written.");

  public static final ConfigOption<Long> VERSION_INTERVAL_STEPS =
      ConfigOptions.key("model.version-interval-steps")
          .longType()
          .defaultValue(1000L)
          .withDescription("Training steps after which a new model version is written.");

  public static final ConfigOption<Duration> VERSION_INTERVAL =
      ConfigOptions.key("model.version-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription("Longest time between two model versions while training steps happen.");

  public static final ConfigOption<Integer> VERSIONS_RETAINED =
      ConfigOptions.key("model.versions-retained")
          .intType()
          .defaultValue(5)
          .withDescription("Newest model versions kept in the model directory; older ones are deleted.");

  public static final ConfigOption<Double> LEARNING_RATE =
      ConfigOptions.key("training.learning-rate")
          .doubleType()
          .defaultValue(1e-3)
          .withDescription("Peak AdamW learning rate, reached at the end of the warm-up.");

  public static final ConfigOption<Double> WEIGHT_DECAY =
      ConfigOptions.key("training.weight-decay")
          .doubleType()
          .defaultValue(0.01)
          .withDescription("AdamW's decoupled weight decay of weight matrices; biases and LayerNorm scales are not decayed.");

  public static final ConfigOption<Integer> WARMUP_STEPS =
      ConfigOptions.key("training.warmup-steps")
          .intType()
          .defaultValue(100)
          .withDescription("Steps over which the learning rate rises linearly to its peak; 0 starts at the peak.");

  public static final ConfigOption<Double> CLIP_NORM =
      ConfigOptions.key("training.clip-norm")
          .doubleType()
          .defaultValue(1.0)
          .withDescription("Largest global L2 norm of the gradients; larger gradients are scaled down to it, and 0 turns clipping off.");

  public static final ConfigOption<Double> REPLAY_RATIO =
      ConfigOptions.key("training.replay-ratio")
          .doubleType()
          .defaultValue(0.3)
          .withDescription("Share of each trained batch made of older seeds replayed from a reservoir in state, from 0 (off) to 0.9.");

  public static final ConfigOption<Boolean> REPLAY_FILLS_BATCHES =
      ConfigOptions.key("training.replay-fills-batches")
          .booleanType()
          .defaultValue(false)
          .withDescription("Whether replayed examples also fill a batch of fewer than batch.size fresh examples up to"
              + " batch.size, so that a slow change stream still trains on full batches; needs training.replay-ratio"
              + " above 0.");

  public static final ConfigOption<Integer> REPLAY_CAPACITY =
      ConfigOptions.key("training.replay-capacity")
          .intType()
          .defaultValue(4096)
          .withDescription("Entities whose latest example the replay reservoir keeps, sampled uniformly from all seeds seen.");

  public static final ConfigOption<Integer> INTRA_OP_THREADS =
      ConfigOptions.key("training.intra-op-threads")
          .intType()
          .defaultValue(1)
          .withDescription("Threads that PyTorch uses inside one operator; the setting applies to the whole task manager process.");

  public static final ConfigOption<Double> TRAINER_MAX_BUSY_FRACTION =
      ConfigOptions.key("training.max-busy-fraction")
          .doubleType()
          .defaultValue(0.5)
          .withDescription("Largest share of wall time the training operator spends in steps, in (0, 1]; batches that arrive while it rests are skipped (examplesSkipped) so that a slow trainer holds up the inference operator less. Applies only with inference.enabled.");

  public static final ConfigOption<Boolean> INFERENCE_ENABLED =
      ConfigOptions.key("inference.enabled")
          .booleanType()
          .defaultValue(true)
          .withDescription("Whether an inference operator embeds each change at once with the latest model snapshot; when false, the training operator embeds each batch after its step.");

  public static final ConfigOption<Integer> INFERENCE_PARALLELISM =
      ConfigOptions.key("inference.parallelism")
          .intType()
          .defaultValue(1)
          .withDescription("Parallelism of the inference operator.");

  public static final ConfigOption<Integer> INFERENCE_BATCH_SIZE =
      ConfigOptions.key("inference.batch-size")
          .intType()
          .defaultValue(32)
          .withDescription("Examples per inference micro-batch.");

  public static final ConfigOption<Duration> INFERENCE_BATCH_TIMEOUT =
      ConfigOptions.key("inference.batch-timeout")
          .durationType()
          .defaultValue(Duration.ofMillis(5))
          .withDescription("Longest wait after an inference micro-batch's first example before it is embedded, full or not.");

  public static final ConfigOption<Long> SNAPSHOT_INTERVAL_STEPS =
      ConfigOptions.key("inference.snapshot-interval-steps")
          .longType()
          .defaultValue(10L)
          .withDescription("Training steps between two model snapshots sent to the inference operator.");

  public static final ConfigOption<Duration> SNAPSHOT_INTERVAL =
      ConfigOptions.key("inference.snapshot-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("Time after which the next training step sends a model snapshot, even before inference.snapshot-interval-steps.");

  public static final ConfigOption<Integer> INFERENCE_PENDING_CAPACITY =
      ConfigOptions.key("inference.pending-capacity")
          .intType()
          .defaultValue(10000)
          .withDescription("Examples per inference subtask that wait in state for the first model snapshot; beyond it the oldest are dropped and counted.");

  public static final ConfigOption<Boolean> REEMBED_ENABLED =
      ConfigOptions.key("reembed.enabled")
          .booleanType()
          .defaultValue(false)
          .withDescription("Whether entities that did not change are sent for embedding again, so that the embeddings topic follows newer models; needs inference.enabled.");

  public static final ConfigOption<Duration> REEMBED_STALE_AFTER =
      ConfigOptions.key("reembed.stale-after")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("Time after an entity's last embedding request at which it is sent again, from 1 s to 365 d. The inference operator skips the entity when it was already embedded with its current model snapshot.");

  public static final ConfigOption<Double> REEMBED_MAX_PER_SECOND =
      ConfigOptions.key("reembed.max-per-second")
          .doubleType()
          .defaultValue(100.0)
          .withDescription("Maximum re-embedding requests per second and graph subtask, from 0.01 to 100,000; entities beyond it wait for a later send time.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("job.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Interval between Flink checkpoints.");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("job.checkpoint-dir")
          .stringType()
          .noDefaultValue()
          .withDescription("Checkpoint directory URI; without it checkpoints stay in the JobManager's memory.");

  public static final ConfigOption<Duration> NETWORK_BUFFER_TIMEOUT =
      ConfigOptions.key("job.network-buffer-timeout")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription("Longest time a network buffer waits to fill; lower values cut a single change's delay.");

  public static final ConfigOption<Integer> GRAPH_PARALLELISM =
      ConfigOptions.key("job.graph-parallelism")
          .intType()
          .defaultValue(1)
          .withDescription("Parallelism of the graph and sampling operators; training always runs with parallelism 1.");

  private RelstreamOptions() {}
}
