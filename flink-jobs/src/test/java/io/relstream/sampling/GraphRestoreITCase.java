package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import io.relstream.testing.JobTestOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the graph and sampling stages on a MiniCluster twice over the same generated changes, once
 * without interruption and once with a failure injected in the middle of the stream. After the
 * failure Flink restores every operator from the last completed checkpoint. The examples after the
 * restore must equal those of the uninterrupted run, per seed and change.
 *
 * <p>The input comes from {@link PacedChangeSource}, a list with a checkpointed position, rather
 * than from the CDC source. A hop operator serves a request from the updates it has applied, and an
 * update that reaches it together with a request may be applied before or after the request. The source's pacing keeps the
 * graph quiet whenever a change enters, so each example is fully determined by the input and
 * equality can be exact. One subtask per operator keeps the channel order that the pacing relies
 * on.
 *
 * <p>At-least-once duplicates: the recording sink is not transactional, so the examples emitted
 * between the restored checkpoint and the failure arrive twice, once per attempt. The test keys every
 * example by seed node and commit time, checks each copy against the uninterrupted run, and checks
 * that the second attempt re-emits exactly the examples of the changes after the restored position.
 */
class GraphRestoreITCase {
  private static final Logger LOG = LoggerFactory.getLogger(GraphRestoreITCase.class);
  private static final int RACES = 40;
  private static final long SEED = 11;

  @TempDir
  static Path work;

  private static RaceHistory history;
  private static List<String> keys;
  private static JobExecutionResult uninterruptedResult;
  private static Map<String, Example> uninterrupted;

  @BeforeAll
  static void runUninterrupted() throws Exception {
    history = RaceHistory.generate(RACES, SEED);
    keys = history.exampleKeys();
    uninterruptedResult = run("uninterrupted", -1, -1, new Configuration());
    uninterrupted = PacedExampleJob.examplesByKey("uninterrupted", keysFrom(0));
  }

  @Test
  void uninterruptedRunIsComplete() {
    assertThat(uninterrupted.keySet()).as("examples of the uninterrupted run").isEqualTo(new TreeSet<>(keysFrom(0)));
    // The assembler's count includes the probe's examples, which the sink received too.
    assertThat(uninterruptedResult.<Long>getAccumulatorResult(ExampleAssembler.EXAMPLES_ACCUMULATOR))
        .isEqualTo(ExampleRecorder.recorded("uninterrupted").size());
    assertThat(uninterruptedResult.<Long>getAccumulatorResult(ExampleAssembler.ROWS_NEWER_THAN_SEED_ACCUMULATOR))
        .isZero();
    for (Example example : uninterrupted.values()) {
      for (ExampleRow row : example.rows()) {
        assertThat(row.eventTimeMillis()).as("event time of %s in the example of %s/%s", row,
            example.seedTable(), example.seedKey()).isLessThanOrEqualTo(example.seedTimeMillis());
      }
    }
  }

  @Test
  void restoredRunEqualsUninterruptedRun() throws Exception {
    int changes = history.changes().size();
    run("restored", changes * 45 / 100, changes / 5, new Configuration());

    assertRestoredRunEqualsUninterrupted("restored");
  }

  /**
   * The same failure and restore with every state on the heap backend, whose checkpoints write the
   * state objects asynchronously while the operators go on. The graph operators' heap caches are
   * off, as that backend requires, and the examples must equal those of the uninterrupted run on
   * RocksDB.
   */
  @Test
  void heapStateRestoreEqualsUninterrupted() throws Exception {
    int changes = history.changes().size();
    Configuration heapState = new Configuration();
    heapState.setString("state.backend.type", "hashmap");
    heapState.setString(RelstreamOptions.CACHE_ENTRIES.key(), "0");
    run("heap-restored", changes * 45 / 100, changes / 5, heapState);

    assertRestoredRunEqualsUninterrupted("heap-restored");
  }

  private static void assertRestoredRunEqualsUninterrupted(String name) {
    int changes = history.changes().size();
    List<ExampleRecorder.Recorded> restoredRun = generated(ExampleRecorder.recorded(name));

    Integer failedAt = PacedChangeSource.FAILED_AT.get(name);
    Integer restoredAt = PacedChangeSource.RESTORED_AT.get(name);
    assertThat(failedAt).as("position of the injected failure").isNotNull();
    assertThat(restoredAt).as("position restored from the checkpoint").isNotNull()
        .isGreaterThanOrEqualTo(changes / 5).isLessThanOrEqualTo(failedAt);
    for (ExampleRecorder.Recorded recorded : restoredRun) {
      assertThat(recorded.example()).as("example %s, attempt %d", recorded.key(), recorded.attempt())
          .isEqualTo(uninterrupted.get(recorded.key()));
    }
    // The source waits for each change's example, so the first attempt recorded those of every
    // change before the failure. The second attempt re-emits those from the restored position on,
    // so the ones between that position and the failure are the at-least-once duplicates.
    assertThat(keysOfAttempt(restoredRun, 0)).as("examples before the failure")
        .isEqualTo(new TreeSet<>(keys.subList(0, failedAt).stream().filter(Objects::nonNull).toList()));
    assertThat(keysOfAttempt(restoredRun, 1)).as("examples after the restore")
        .isEqualTo(new TreeSet<>(keysFrom(restoredAt)));
    assertThat(restoredRun).extracting(ExampleRecorder.Recorded::attempt).containsOnly(0, 1);
    assertThat(restoredRun).as("examples, each at most once per attempt")
        .hasSize(keysOfAttempt(restoredRun, 0).size() + keysOfAttempt(restoredRun, 1).size());
    assertThat(keysFrom(restoredAt)).as("examples after the restore").isNotEmpty();
    int twice = keysOfAttempt(restoredRun, 0).size() + keysOfAttempt(restoredRun, 1).size() - uninterrupted.size();
    LOG.info("Failed at change {} of {}, restored at change {}; {} examples arrived twice", failedAt, changes,
        restoredAt, twice);
  }

  @Test
  void examplesFollowDeletesAndMoves() {
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) != null) {
        indexes.put(keys.get(i), i);
      }
    }
    assertThat(history.deletions()).as("deletes in the input").isNotEmpty();
    assertThat(history.moves()).as("moves in the input").isNotEmpty();

    int afterDelete = 0;
    for (RaceHistory.Deletion deletion : history.deletions()) {
      for (Map.Entry<String, Example> entry : uninterrupted.entrySet()) {
        if (indexes.get(entry.getKey()) > deletion.index()) {
          assertThat(nodes(entry.getValue())).as("example %s after deleting %s", entry.getKey(), deletion.result())
              .doesNotContain(deletion.result());
          afterDelete++;
        }
      }
    }
    int afterMove = 0;
    for (RaceHistory.Move move : history.moves()) {
      for (Map.Entry<String, Example> entry : uninterrupted.entrySet()) {
        if (indexes.get(entry.getKey()) < move.index()) {
          continue;
        }
        Example example = entry.getValue();
        for (ExampleRow row : example.rows()) {
          assertThat(row.nodeId().equals(move.result()) && move.fromDriver().equals(row.via()))
              .as("%s reached from its old driver %s in example %s", move.result(), move.fromDriver(), entry.getKey())
              .isFalse();
          assertThat(row.nodeId().equals(move.fromDriver()) && move.result().equals(row.via()))
              .as("old driver %s reached from %s in example %s", move.fromDriver(), move.result(), entry.getKey())
              .isFalse();
        }
        if (example.seed().nodeId().equals(move.result())) {
          assertThat(nodes(example)).as("moved seed %s", entry.getKey()).contains(move.toDriver());
          afterMove++;
        }
        if (example.seed().nodeId().equals(move.fromDriver())) {
          afterMove++;
        }
      }
    }
    assertThat(afterDelete).as("examples checked after a delete").isPositive();
    assertThat(afterMove).as("examples of a moved result or its old driver after the move").isPositive();
  }

  /**
   * Runs the stages over the generated changes and returns the finished job's result. The options
   * go to both the job and the cluster, so that job options and Flink's own keys both take effect.
   */
  private static JobExecutionResult run(String name, int failAt, int armAt, Configuration options)
      throws Exception {
    Configuration configuration = PacedExampleJob.deterministicOptions(work.resolve(name).resolve("checkpoints"));
    configuration.setString(RelstreamOptions.CHECKPOINT_INTERVAL.key(), "200 ms");
    configuration.addAll(options);
    Configuration cluster = JobTestOptions.fixedDelayRestarts(1, "100 ms");
    cluster.addAll(options);
    return PacedExampleJob.execute(name, new PacedChangeSource(name, history.changes(), keys, failAt, armAt),
        JobSettings.from(configuration), cluster);
  }

  /** Returns the example keys of the changes from {@code position} on. */
  private static List<String> keysFrom(int position) {
    return keys.subList(position, keys.size()).stream().filter(Objects::nonNull).toList();
  }

  /** Returns the examples of generated changes, leaving out those of the probe. */
  private static List<ExampleRecorder.Recorded> generated(List<ExampleRecorder.Recorded> recorded) {
    Set<String> generatedKeys = new HashSet<>(keysFrom(0));
    return recorded.stream().filter(example -> generatedKeys.contains(example.key())).toList();
  }

  private static Set<String> keysOfAttempt(List<ExampleRecorder.Recorded> recorded, int attempt) {
    Set<String> keysOfAttempt = new TreeSet<>();
    for (ExampleRecorder.Recorded example : recorded) {
      if (example.attempt() == attempt) {
        keysOfAttempt.add(example.key());
      }
    }
    return keysOfAttempt;
  }

  private static List<String> nodes(Example example) {
    return example.rows().stream().map(ExampleRow::nodeId).toList();
  }
}
