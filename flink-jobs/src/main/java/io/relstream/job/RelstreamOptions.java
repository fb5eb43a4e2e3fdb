package io.relstream.job;

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

  public static final ConfigOption<Integer> EMBEDDING_DIM =
      ConfigOptions.key("model.embedding-dim")
          .intType()
          .defaultValue(32)
          .withDescription("Size of the published entity embeddings.");

  public static final ConfigOption<Double> LEARNING_RATE =
      ConfigOptions.key("training.learning-rate")
          .doubleType()
          .defaultValue(1e-3)
          .withDescription("Adam learning rate.");

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
