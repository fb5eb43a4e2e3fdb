package io.relstream.job;

import io.relstream.discovery.DiscoveryResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the job jar on a Flink cluster ({@code flink run}, the REST API's
 * {@code /jars/{id}/run}, or the Kubernetes operator). Options come from the cluster's Flink
 * configuration with the program arguments on top; the database and SASL passwords come from
 * files or environment variables (see {@link EntryPointOptions}). The program discovers the
 * schema, creates the publication and the topics, submits the job and returns without waiting
 * for the job to end.
 */
public final class RelstreamJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(RelstreamJobMain.class);

  private RelstreamJobMain() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration configuration = JobArguments.merge(env.getConfiguration(), args);
    EntryPointSettings settings = EntryPointSettings.from(configuration, System.getenv());
    LOG.info("Starting {} with {} and {}", RelstreamJob.JOB_NAME, settings.source(), settings.job().publish());

    DiscoveryResult discovery = JobLauncher.prepare(settings.source(), settings.discovery(), settings.job(),
        settings.topicPartitions(), settings.topicReplication());
    env.configure(RelstreamJob.environmentConfiguration(settings.job()));
    JobClient client = JobLauncher.start(env, settings.source(), discovery, settings.job());
    LOG.info("Submitted job {} over {} tables", client.getJobID(), discovery.schema().tables().size());
  }
}
