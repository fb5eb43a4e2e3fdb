package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.graph.NodeStateSavepoint;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    Map<String, Example> ingested = PacedExampleJob.examplesByKey("ingested", secondHalfKeys);

    Path savepoint = work.resolve("savepoint");
    List<RowChange> preloaded = new ArrayList<>(new RaceHistory.Probe().setup(PacedChangeSource.PROBE_COMMIT_TIME));
    preloaded.addAll(changes.subList(0, half));
    writeSavepoint(preloaded, savepoint);
    assertThat(savepoint.resolve("_metadata")).as("savepoint metadata").exists();
    run("from-savepoint", new ArrayList<>(changes.subList(half, changes.size())),
        new ArrayList<>(keys.subList(half, keys.size())), savepoint);
    Map<String, Example> restored = PacedExampleJob.examplesByKey("from-savepoint", secondHalfKeys);

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
    PacedExampleJob.execute(name, new PacedChangeSource(name, changes, keys, -1, -1), settings, cluster);
  }

  private Configuration configuration(String name) throws Exception {
    return PacedExampleJob.deterministicOptions(Files.createDirectories(work.resolve(name).resolve("checkpoints")));
  }
}
