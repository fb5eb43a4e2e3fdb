package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * An embedded PostgreSQL and Kafka broker with a dataset loaded, for the demo and the benchmark.
 * Closing it stops both servers.
 */
final class EmbeddedStack implements AutoCloseable {
  static final String DATABASE = "relstream";

  private final EmbeddedPostgresServer postgres;
  private final KafkaBrokerProcess broker;
  private final Path work;

  private EmbeddedStack(EmbeddedPostgresServer postgres, KafkaBrokerProcess broker, Path work) {
    this.postgres = postgres;
    this.broker = broker;
    this.work = work;
  }

  /** Starts both servers under {@code work} and loads the dataset into the database. */
  static EmbeddedStack start(Path work, Path dataset) throws Exception {
    Console.step("starting embedded PostgreSQL");
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"));
    KafkaBrokerProcess broker = null;
    try {
      postgres.createDatabase(DATABASE);
      Console.step("starting Kafka broker (KRaft, child JVM)");
      broker = KafkaBrokerProcess.start(work.resolve("kafka"));
      EmbeddedStack stack = new EmbeddedStack(postgres, broker, work);
      stack.load(dataset);
      return stack;
    } catch (Exception e) {
      if (broker != null) {
        broker.close();
      }
      postgres.close();
      throw e;
    }
  }

  private void load(Path dataset) throws Exception {
    Console.step("loading " + dataset);
    try (Connection connection = postgres.connect(DATABASE)) {
      LoadReport report = DatasetLoader.load(dataset, connection, LoadOptions.defaults());
      System.out.println(ConsoleReport.describe(report));
    }
  }

  EmbeddedPostgresServer postgres() {
    return postgres;
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
   * Checks the dataset directory and the job options before any server starts, so that a typo fails
   * in a second. The options are read with placeholder addresses.
   */
  static void checkInputs(Path dataset, JobArgs job) {
    if (!Files.isRegularFile(dataset.resolve("schema.json"))) {
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
