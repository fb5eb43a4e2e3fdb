package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relstream run}: runs the job against a database and a Kafka cluster until it is stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the job on a local MiniCluster against a PostgreSQL database and Kafka.")
final class RunCommand implements Callable<Integer> {

  @Mixin
  DatabaseArgs database;

  @Mixin
  JobArgs job;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT].")
  String bootstrapServers;

  @Override
  public Integer call() throws Exception {
    DatabaseArgs.JdbcTarget target = database.target();
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(PostgresSourceOptions.HOSTNAME.key(), target.host());
    defaults.put(PostgresSourceOptions.PORT.key(), Integer.toString(target.port()));
    defaults.put(PostgresSourceOptions.DATABASE.key(), target.database());
    defaults.put(PostgresSourceOptions.USERNAME.key(), database.user);
    defaults.put(PostgresSourceOptions.SCHEMA.key(), job.schema);
    defaults.put(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), bootstrapServers);
    Configuration configuration = job.configuration(defaults);
    PostgresSourceSettings source = PostgresSourceSettings.from(configuration, database.password());
    JobSettings settings = JobSettings.from(configuration);
    DiscoveryResult discovery = JobLauncher.prepare(source, job.discoveryOptions(), settings);
    StreamExecutionEnvironment env = JobLauncher.environment(settings, job.userOptions());
    JobClient client = JobLauncher.start(env, source, discovery, settings);
    System.out.printf("job %s running over %d tables; publishing to %s%n",
        client.getJobID(), discovery.schema().tables().size(), settings.publish().embeddingsTopic());
    client.getJobExecutionResult().get();
    return 0;
  }
}
