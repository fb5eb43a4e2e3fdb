package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import io.relstream.embedded.ModelServerProcess;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import io.relstream.synthetic.RetailGenerator;
import io.relstream.synthetic.RetailLoader;
import io.relstream.synthetic.RetailOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * An embedded PostgreSQL and Kafka broker with a dataset or the synthetic retail database loaded,
 * for the demo and the benchmark. Closing it stops both servers.
 */
final class EmbeddedStack implements AutoCloseable {
  static final String DATABASE = "relstream";

  /** Training steps between two model versions in the demo: a one-minute demo writes a few. */
  static final int DEMO_VERSION_INTERVAL_STEPS = 200;
  /**
   * Peak learning rate and warm-up of the demo. In an offline run of 120 steps of 64 examples on
   * orders generated like the synthetic ones, the job's defaults (0.001 after 100 steps) predicted
   * amounts no better than their median. These values cut the median's mean absolute error by
   * about two thirds in the same run.
   */
  static final double DEMO_LEARNING_RATE = 0.003;
  static final int DEMO_WARMUP_STEPS = 20;

  private final EmbeddedPostgresServer postgres;
  private final KafkaBrokerProcess broker;
  private final Path work;

  private EmbeddedStack(EmbeddedPostgresServer postgres, KafkaBrokerProcess broker, Path work) {
    this.postgres = postgres;
    this.broker = broker;
    this.work = work;
  }

  /** Fills the new database through a connection that has no transaction open. */
  interface DatabaseLoad {
    void load(Connection connection) throws Exception;
  }

  /** Starts both servers under {@code work} and loads the dataset into the database. */
  static EmbeddedStack start(Path work, Path dataset) throws Exception {
    return start(work, connection -> loadDataset(dataset, connection));
  }

  /**
   * Starts both servers under {@code work} and loads the generator's snapshot into {@code schema},
   * with a progress bar on the console.
   */
  static EmbeddedStack startSynthetic(Path work, RetailGenerator generator, String schema) throws Exception {
    return start(work, connection -> loadSynthetic(generator, schema, connection));
  }

  private static EmbeddedStack start(Path work, DatabaseLoad load) throws Exception {
    Console.step("starting embedded PostgreSQL");
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"));
    KafkaBrokerProcess broker = null;
    try {
      postgres.createDatabase(DATABASE);
      Console.step("starting Kafka broker (KRaft, child JVM)");
      broker = KafkaBrokerProcess.start(work.resolve("kafka"));
      try (Connection connection = postgres.connect(DATABASE)) {
        load.load(connection);
      }
      return new EmbeddedStack(postgres, broker, work);
    } catch (Exception e) {
      if (broker != null) {
        broker.close();
      }
      postgres.close();
      throw e;
    }
  }

  private static void loadDataset(Path dataset, Connection connection) throws Exception {
    Console.step("loading " + dataset);
    LoadReport report = DatasetLoader.load(dataset, connection, LoadOptions.defaults());
    System.out.println(ConsoleReport.describe(report));
  }

  private static void loadSynthetic(RetailGenerator generator, String schema, Connection connection) throws Exception {
    RetailOptions options = generator.options();
    Console.step(String.format("loading the synthetic retail database (seed %d): %,d customers, %,d merchants,"
        + " %,d products, %,d orders", options.seed(), options.customers(), options.merchants(), options.products(),
        options.orders()));
    ProgressBar bar = new ProgressBar("snapshot rows");
    long start = System.nanoTime();
    Map<String, Long> counts = RetailLoader.load(generator, connection, schema, false, bar::update);
    bar.finish();
    System.out.printf("    loaded %s in %.1f s%n", counts, (System.nanoTime() - start) / 1e9);
  }

  EmbeddedPostgresServer postgres() {
    return postgres;
  }

  /**
   * Starts the demo's model server in a child JVM that reads this stack's broker, listening on
   * {@code port}. Its 403 for admin calls names {@code relstream demo} as the command to restart.
   */
  ModelServerProcess startModelServer(int port) throws IOException {
    Console.step("starting the model server (child JVM)");
    return ModelServerProcess.start(work.resolve("model-server"), broker.bootstrapServers(), port, "relstream demo");
  }

  /** Returns the options that point the job at these servers, with checkpoints under the work directory. */
  Map<String, String> jobDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(PostgresSourceOptions.HOSTNAME.key(), postgres.host());
    defaults.put(PostgresSourceOptions.PORT.key(), Integer.toString(postgres.port()));
    defaults.put(PostgresSourceOptions.DATABASE.key(), DATABASE);
    defaults.put(PostgresSourceOptions.USERNAME.key(), postgres.user());
    defaults.put(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
    defaults.put(RelstreamOptions.CHECKPOINT_DIR.key(), work.resolve("checkpoints").toUri().toString());
    return defaults;
  }

  /**
   * Returns {@link #jobDefaults()} plus a model directory under the work directory, with a version
   * every 200 steps, so that the demo's model server has model versions to predict with. A demo
   * trains for a few hundred steps, so it also uses a higher peak learning rate after a shorter
   * warm-up than the job's defaults, which are meant for long runs. Its live changes come a few per
   * second, so replayed examples fill each batch up to the batch size, which makes every step learn
   * from a full batch.
   */
  Map<String, String> demoDefaults() {
    Map<String, String> defaults = jobDefaults();
    defaults.put(RelstreamOptions.MODEL_DIRECTORY.key(), work.resolve("models").toUri().toString());
    defaults.put(RelstreamOptions.VERSION_INTERVAL_STEPS.key(), Integer.toString(DEMO_VERSION_INTERVAL_STEPS));
    defaults.put(RelstreamOptions.LEARNING_RATE.key(), Double.toString(DEMO_LEARNING_RATE));
    defaults.put(RelstreamOptions.WARMUP_STEPS.key(), Integer.toString(DEMO_WARMUP_STEPS));
    defaults.put(RelstreamOptions.REPLAY_FILLS_BATCHES.key(), "true");
    return defaults;
  }

  /**
   * Checks the dataset directory, when one is given, and the job options before any server starts,
   * so that a typo fails in a second. The options are read with placeholder addresses.
   */
  static void checkInputs(Path dataset, JobArgs job) {
    if (dataset != null && !Files.isRegularFile(dataset.resolve("schema.json"))) {
      throw new UserInputException("Dataset directory " + dataset + " has no schema.json; see README.md for the dataset layout");
    }
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.put(PostgresSourceOptions.DATABASE.key(), DATABASE);
    placeholders.put(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
    Configuration configuration = job.configuration(placeholders);
    PostgresSourceSettings.from(configuration, "");
    JobSettings.from(configuration);
  }

  @Override
  public void close() throws IOException {
    try {
      broker.close();
    } finally {
      postgres.close();
    }
  }
}
