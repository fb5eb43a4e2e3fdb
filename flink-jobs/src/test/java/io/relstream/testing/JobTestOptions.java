package io.relstream.testing;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** Job options and settings shared by the tests that configure the job or run it on a MiniCluster. */
public final class JobTestOptions {

  /**
   * Kafka address for the ITCases that attach no Kafka sink: the settings require one, and nothing
   * ever connects to it.
   */
  public static final String NO_BROKER = "127.0.0.1:9";

  private JobTestOptions() {}

  /**
   * Returns the options of a job that reads the embedded database through CDC, polls it every 50 ms, hands
   * records on within 10 ms and checkpoints every 3 s into {@code checkpoints}. Callers override
   * what their test needs.
   */
  public static Configuration cdcJob(EmbeddedPostgresServer postgres, String database, String bootstrapServers,
      Path checkpoints) {
    Configuration configuration = checkpointedJob(bootstrapServers, checkpoints);
    configuration.setString(PostgresSourceOptions.HOSTNAME.key(), postgres.host());
    configuration.setString(PostgresSourceOptions.PORT.key(), Integer.toString(postgres.port()));
    configuration.setString(PostgresSourceOptions.DATABASE.key(), database);
    configuration.setString(PostgresSourceOptions.USERNAME.key(), postgres.user());
    configuration.setString(PostgresSourceOptions.POLL_INTERVAL.key(), "50 ms");
    return configuration;
  }

  /** Returns the options of a job with any source that hands records on within 10 ms and checkpoints every 3 s. */
  public static Configuration checkpointedJob(String bootstrapServers, Path checkpoints) {
    Configuration configuration = new Configuration();
    configuration.setString(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), bootstrapServers);
    configuration.setString(RelstreamOptions.NETWORK_BUFFER_TIMEOUT.key(), "10 ms");
    configuration.setString(RelstreamOptions.CHECKPOINT_INTERVAL.key(), "3 s");
    configuration.setString(RelstreamOptions.CHECKPOINT_DIR.key(), checkpoints.toUri().toString());
    return configuration;
  }

  /** Returns the settings of a job with the given options and a Kafka address, which the settings require. */
  public static JobSettings settingsOf(Map<String, String> options) {
    Configuration configuration = new Configuration();
    configuration.setString(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
    options.forEach(configuration::setString);
    return JobSettings.from(configuration);
  }

  /** Returns cluster options that restart a failed job {@code attempts} times after {@code delay}. */
  public static Configuration fixedDelayRestarts(int attempts, String delay) {
    Configuration options = new Configuration();
    options.setString("restart-strategy.type", "fixed-delay");
    options.setString("restart-strategy.fixed-delay.attempts", Integer.toString(attempts));
    options.setString("restart-strategy.fixed-delay.delay", delay);
    return options;
  }
}
