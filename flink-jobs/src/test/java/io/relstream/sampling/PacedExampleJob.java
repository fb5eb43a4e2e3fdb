package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PipelineBuilder;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import io.relstream.testing.JobTestOptions;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A MiniCluster job of the graph and sampling stages over the changes of a {@link
 * PacedChangeSource}, whose examples {@link ExampleRecorder} records, for the ITCases that compare
 * the examples of two runs one by one.
 */
final class PacedExampleJob {

  private PacedExampleJob() {}

  /**
   * Returns the options of a job that checkpoints into {@code checkpoints} and whose examples depend
   * only on the changes before them, not on the machine's speed.
   */
  static Configuration deterministicOptions(Path checkpoints) {
    Configuration configuration = JobTestOptions.checkpointedJob(JobTestOptions.NO_BROKER, checkpoints);
    // Every record leaves its operator at once, so a quiet graph is reached soon after each change.
    configuration.setString(RelstreamOptions.NETWORK_BUFFER_TIMEOUT.key(), "0 ms");
    // Every example completes by credit, because a timeout would make one depend on the machine's speed.
    configuration.setString(RelstreamOptions.ASSEMBLY_TIMEOUT.key(), "10 min");
    configuration.setString(RelstreamOptions.TIME_RESOLUTION_TIMEOUT.key(), "10 min");
    // No history bound cuts a row or a child that an example needs. A bound that drops a child when
    // the example's own change adds one to the same sample would make the example depend on whether
    // the hop operator applied that update before the example's request.
    configuration.setString(RelstreamOptions.VERSION_RETENTION.key(), "100000 d");
    configuration.setString(RelstreamOptions.CHILDREN_RETAINED.key(), "1024");
    configuration.setString(RelstreamOptions.FIRST_FAN_OUT.key(), "4");
    configuration.setString(RelstreamOptions.FAN_OUT.key(), "3");
    configuration.setString(RelstreamOptions.MAX_ROWS.key(), "24");
    return configuration;
  }

  /**
   * Runs the stages with one subtask each until {@code source} has emitted its last change, records
   * the examples under {@code run}, and returns the finished job's result.
   *
   * @param cluster the MiniCluster's options, such as a restart strategy or a savepoint to start from
   */
  static JobExecutionResult execute(String run, PacedChangeSource source, JobSettings settings, Configuration cluster)
      throws Exception {
    StreamExecutionEnvironment env = JobLauncher.environment(settings, cluster);
    env.setParallelism(1);
    RelstreamJob.configure(env, settings);
    DataStream<RowChange> changes = env
        .addSource(source, "paced-changes", TypeInformation.of(RowChange.class))
        .setParallelism(1);
    PipelineBuilder.buildExamples(changes, RaceHistory.SCHEMA, settings)
        .addSink(new ExampleRecorder(run))
        .name("record-examples")
        .setParallelism(1);
    return env.execute("paced-examples-" + run);
  }

  /**
   * Returns the run's examples with the given keys by key, leaving out the others, such as the
   * probe's. Fails when an example arrived twice.
   */
  static Map<String, Example> examplesByKey(String run, Collection<String> keys) {
    Set<String> expectedKeys = new HashSet<>(keys);
    Map<String, Example> examples = new HashMap<>();
    for (ExampleRecorder.Recorded recorded : ExampleRecorder.recorded(run)) {
      if (expectedKeys.contains(recorded.key())) {
        assertThat(examples.put(recorded.key(), recorded.example())).as("second copy of %s", recorded.key()).isNull();
      }
    }
    return examples;
  }
}
