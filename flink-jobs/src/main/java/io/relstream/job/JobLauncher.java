package io.relstream.job;

import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.cdc.PublicationSetup;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.discovery.SchemaDiscovery;
import io.relstream.publish.KafkaTopics;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.postgresql.Driver;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares what the job needs before it starts (schema discovery, the publication, the topics) and
 * starts it. Used by the command line, the demo and the end-to-end tests alike.
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  private JobLauncher() {}

  /** Discovers the schema, creates the publication and the topics, and returns the discovery result. */
  public static DiscoveryResult prepare(PostgresSourceSettings source, DiscoveryOptions discovery, JobSettings settings)
      throws Exception {
    return prepare(source, discovery, settings, 1, (short) 1);
  }

  /**
   * Discovers the schema, creates the publication and the topics that are missing, the embeddings
   * topic with {@code partitions} partitions and all of them with {@code replication} replicas.
   */
  public static DiscoveryResult prepare(PostgresSourceSettings source, DiscoveryOptions discovery, JobSettings settings,
      int partitions, short replication) throws Exception {
    DiscoveryResult result;
    try (Connection connection = connect(source)) {
      result = SchemaDiscovery.discover(connection, discovery);
      if (result.schema().tables().isEmpty()) {
        throw new IllegalStateException("No table with a primary key found in schema " + source.schema()
            + " of " + source.jdbcUrl() + "; skipped: " + result.skipped());
      }
      PublicationSetup.apply(connection, source.schema(), source.publication(), result.schema());
    }
    KafkaTopics.ensure(settings.publish(), partitions, replication);
    return result;
  }

  /**
   * Returns an environment configured for the job: a MiniCluster in this JVM, bound to 127.0.0.1,
   * unless a Flink client runs the program, which then submits it to its cluster.
   */
  public static StreamExecutionEnvironment environment(JobSettings settings) {
    return environment(settings, new Configuration());
  }

  /**
   * Returns an environment as {@link #environment(JobSettings)} does, with the user's Flink options
   * (for example {@code taskmanager.memory.managed.size}) applied over the job's defaults.
   *
   * @throws IllegalArgumentException when the user's options choose a heap state backend while the
   *     graph operators' heap caches are on ({@link RelstreamJob#checkStateBackend})
   */
  public static StreamExecutionEnvironment environment(JobSettings settings, Configuration userOptions) {
    Configuration configuration = localClusterDefaults();
    configuration.addAll(RelstreamJob.environmentConfiguration(settings));
    configuration.addAll(userOptions);
    RelstreamJob.checkStateBackend(configuration, settings.sampling().cacheEntries());
    return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
  }

  /**
   * Returns settings for a MiniCluster in this JVM: REST endpoint, RPC and blob server bound to
   * 127.0.0.1 instead of every interface, a shorter heartbeat and more managed memory.
   */
  static Configuration localClusterDefaults() {
    Configuration configuration = new Configuration();
    for (String key : List.of("rest.address", "rest.bind-address", "jobmanager.rpc.address", "jobmanager.bind-host",
        "taskmanager.host", "taskmanager.bind-host")) {
      configuration.setString(key, "127.0.0.1");
    }
    // Accumulators such as rows-read travel with heartbeats; every 2 s instead of 10 s keeps the
    // demo's counts current.
    configuration.setString("heartbeat.interval", "2000");
    // RocksDB's write buffers come out of managed memory. With a MiniCluster's default of 128 MB,
    // the graph and assembly tasks spent most of their time waiting in RocksDB puts.
    configuration.setString("taskmanager.memory.managed.size", "512m");
    return configuration;
  }

  /** Defines the job on the environment and submits it without waiting for it to end. */
  public static JobClient start(StreamExecutionEnvironment env, PostgresSourceSettings source, DiscoveryResult discovery,
      JobSettings settings) throws Exception {
    RelstreamJob.define(env, source, discovery.schema(), settings);
    JobClient client = env.executeAsync(RelstreamJob.JOB_NAME);
    LOG.info("Started job {} over {}", client.getJobID(), source);
    return client;
  }

  private static Connection connect(PostgresSourceSettings source) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", source.username());
    properties.setProperty("password", source.password());
    // DriverManager registers drivers once per JVM, from the class loader that asked first. In a
    // JobManager every submitted job jar has its own class loader, so a second submission would
    // find only the first job's driver, which DriverManager hides from it.
    Connection connection = new Driver().connect(source.jdbcUrl(), properties);
    if (connection == null) {
      throw new IllegalArgumentException("The PostgreSQL driver does not accept the URL " + source.jdbcUrl());
    }
    return connection;
  }
}
