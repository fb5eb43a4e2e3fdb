package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.graph.NodeStateSavepoint;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.PipelineBuilder;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import io.relstream.testing.JobTestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that a job started from a savepoint of {@link NodeStateSavepoint} continues as a job that
 * ingested the same changes through its operators. Both runs take the same generated race history
 * ({@link RaceHistory}: inserts, updates, moves and deletes, results that take their race's time
 * through a foreign key) through {@link PacedChangeSource}, which lets each change's example
 * complete before the next change, so every example is fully determined by the changes before it.
 * The first run ingests every change. The second writes the first half into a savepoint and starts
 * from it with the second half. Their examples of the second half must be equal.
 */
class GeneratedSavepointITCase {
  private static final int RACES = 16;
  private static final long SEED = 23;

  @TempDir
  Path work;

  @Test
  void restoredRunEqualsIngestingRun() throws Exception {
    RaceHistory history = RaceHistory.generate(RACES, SEED);
    List<RowChange> changes = history.changes();
    List<String> keys = history.exampleKeys();
    int half = changes.size() / 2;
    List<String> secondHalfKeys = keys.subList(half, keys.size()).stream().filter(Objects::nonNull).toList();
    assertThat(history.deletions()).as("deletes in the second half")
        .anyMatch(deletion -> deletion.index() >= half);
    assertThat(history.moves()).as("moves in the second half").anyMatch(move -> move.index() >= half);

    run("ingested", changes, keys, null);
    Map<String, Example> ingested = byKey("ingested", secondHalfKeys);

    Path savepoint = work.resolve("savepoint");
    List<RowChange> preloaded = new ArrayList<>(new RaceHistory.Probe().setup(PacedChangeSource.PROBE_COMMIT_TIME));
    preloaded.addAll(changes.subList(0, half));
    writeSavepoint(preloaded, savepoint);
    assertThat(savepoint.resolve("_metadata")).as("savepoint metadata").exists();
    run("from-savepoint", new ArrayList<>(changes.subList(half, changes.size())),
        new ArrayList<>(keys.subList(half, keys.size())), savepoint);
    Map<String, Example> restored = byKey("from-savepoint", secondHalfKeys);

    assertThat(secondHalfKeys).as("examples of the second half").isNotEmpty();
    assertThat(ingested.keySet()).as("examples of the ingesting run").containsAll(secondHalfKeys);
    assertThat(restored.keySet()).as("examples of the run from the savepoint").containsAll(secondHalfKeys);
    for (String key : secondHalfKeys) {
      assertThat(restored.get(key)).as("example %s after the savepoint", key).isEqualTo(ingested.get(key));
    }
  }

  private void writeSavepoint(List<RowChange> preloaded, Path savepoint) throws Exception {
    JobSettings settings = JobSettings.from(configuration("savepoint-writer"));
    StreamExecutionEnvironment env = JobLauncher.environment(settings);
    env.setParallelism(1);
    DataStream<RowChange> changes = env.fromCollection(preloaded, TypeInformation.of(RowChange.class));
    NodeStateSavepoint.write(env, changes, RaceHistory.SCHEMA, settings, savepoint.toUri().toString());
    env.execute("write-graph-savepoint");
  }

  private void run(String name, List<RowChange> changes, List<String> keys, Path savepoint) throws Exception {
    JobSettings settings = JobSettings.from(configuration(name));
    Configuration cluster = new Configuration();
    if (savepoint != null) {
      cluster.setString("execution.savepoint.path", savepoint.toUri().toString());
    }
    StreamExecutionEnvironment env = JobLauncher.environment(settings, cluster);
    env.setParallelism(1);
    RelstreamJob.configure(env, settings);
    DataStream<RowChange> source = env
        .addSource(new PacedChangeSource(name, changes, keys, -1, -1), "paced-changes",
            TypeInformation.of(RowChange.class))
        .setParallelism(1);
    PipelineBuilder.buildExamples(source, RaceHistory.SCHEMA, settings)
        .addSink(new ExampleRecorder(name))
        .name("record-examples")
        .setParallelism(1);
    env.execute("generated-savepoint-" + name);
  }

  private Configuration configuration(String name) throws Exception {
    Path checkpoints = Files.createDirectories(work.resolve(name).resolve("checkpoints"));
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

  /** Returns the run's examples with the given keys by key, leaving out the others, such as the probe's. */
  private static Map<String, Example> byKey(String run, List<String> keys) {
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
