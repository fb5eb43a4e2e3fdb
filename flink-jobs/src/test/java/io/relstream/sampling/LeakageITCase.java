package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.cdc.PublicationSetup;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.SchemaDiscovery;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamJob;
import io.relstream.load.DatasetReplayer;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import io.relstream.load.ReplayListener;
import io.relstream.load.ReplayOptions;
import io.relstream.load.ReplayedRow;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.testing.JobTestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No example shows a row from after its seed time. Two F1 seasons are replayed into PostgreSQL in
 * event-time order, race by race, while the job's CDC source, graph and sampling stages run on a
 * MiniCluster with the default sampling and history settings. The rows thus arrive as a live change
 * stream, several per transaction. Every emitted example is checked row by row against its seed
 * time, and the assembler's {@code rowsNewerThanSeed} accumulator must stay 0.
 */
class LeakageITCase {
  private static final Logger LOG = LoggerFactory.getLogger(LeakageITCase.class);
  private static final Path DATASET = Path.of(System.getProperty("relstream.dataset.f1", "../../shared/datasets/f1-ergast"));
  private static final Set<Long> SEASONS = Set.of(2021L, 2022L);
  private static final String DATABASE = "leakage";
  private static final String RUN = "leakage";
  /** Rows per replay transaction. Rows that arrive together are where a hop might serve a newer row. */
  private static final int BATCH_ROWS = 5;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @TempDir
  static Path work;

  @Test
  void noExampleRowIsNewerThanItsSeed() throws Exception {
    assumeTrue(Files.isDirectory(DATASET), "Skipping: the F1 dataset is not at " + DATASET.toAbsolutePath());
    long timedRows = F1Seasons.copy(DATASET, work.resolve("f1"), SEASONS);
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"))) {
      postgres.createDatabase(DATABASE);
      CountDownLatch tablesCreated = new CountDownLatch(1);
      CountDownLatch jobStarted = new CountDownLatch(1);
      CompletableFuture<LoadReport> replay = CompletableFuture.supplyAsync(
          () -> replay(postgres, new PauseAfterFirstCommit(tablesCreated, jobStarted)));
      assertThat(tablesCreated.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("tables created by the replay").isTrue();

      DatabaseSchema schema;
      try (Connection connection = postgres.connect(DATABASE)) {
        schema = SchemaDiscovery.discover(connection, DiscoveryOptions.allTables("public")).schema();
        PublicationSetup.apply(connection, "public", "relstream_publication", schema);
      }
      Configuration configuration = configuration(postgres);
      JobSettings settings = JobSettings.from(configuration);
      StreamExecutionEnvironment env = JobLauncher.environment(settings);
      env.setParallelism(1);
      RelstreamJob.defineExamples(env, PostgresSourceSettings.from(configuration, postgres.password()), schema, settings)
          .addSink(new ExampleRecorder(RUN))
          .name("record-examples");
      JobClient job = env.executeAsync("leakage");
      try {
        // The rows committed so far come through the snapshot. The replay waits until the job has
        // read them, so the remaining rows reach the job as a change stream.
        long snapshotRows = countRows(postgres, schema);
        await("examples of the snapshot").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> ExampleRecorder.recorded(RUN).size() >= snapshotRows);
        jobStarted.countDown();
        LoadReport report = replay.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long capturedRows = countRows(postgres, schema);
        await("an example of every row").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> ExampleRecorder.recorded(RUN).size() >= capturedRows);

        List<ExampleRecorder.Recorded> recorded = ExampleRecorder.recorded(RUN);
        checkRowTimes(recorded);
        Object newer = job.getAccumulators().get().get(ExampleAssembler.ROWS_NEWER_THAN_SEED_ACCUMULATOR);
        assertThat(newer).as("rows newer than their seed").isEqualTo(0L);
        assertThat(report.totalRowsLoaded()).as("rows replayed").isGreaterThanOrEqualTo(timedRows);
        assertThat(capturedRows - snapshotRows).as("rows that arrived as changes").isGreaterThan(4_000L);
        LOG.info("Checked {} examples: {} rows came through the snapshot and {} as changes", recorded.size(),
            snapshotRows, capturedRows - snapshotRows);
      } finally {
        jobStarted.countDown();
        job.cancel().get(1, TimeUnit.MINUTES);
      }
    }
  }

  private static void checkRowTimes(List<ExampleRecorder.Recorded> recorded) {
    long rows = 0;
    long secondHopRows = 0;
    for (ExampleRecorder.Recorded entry : recorded) {
      Example example = entry.example();
      for (ExampleRow row : example.rows()) {
        assertThat(row.eventTimeMillis()).as("event time of %s in the example of %s", row, entry.key())
            .isLessThanOrEqualTo(example.seedTimeMillis());
        rows++;
        secondHopRows += row.hop() == 2 ? 1 : 0;
      }
    }
    assertThat(recorded).as("examples").hasSizeGreaterThan(5_000);
    assertThat(rows).as("rows in all examples").isGreaterThan(5L * recorded.size());
    assertThat(secondHopRows).as("rows at hop 2").isGreaterThan(recorded.size());
  }

  private static LoadReport replay(EmbeddedPostgresServer postgres, ReplayListener listener) {
    try (Connection connection = postgres.connect(DATABASE)) {
      ReplayOptions options = ReplayOptions.of(LoadOptions.defaults()).withBatchRows(BATCH_ROWS);
      return DatasetReplayer.replay(work.resolve("f1"), connection, options, listener);
    } catch (Exception e) {
      throw new IllegalStateException("Replaying the F1 seasons failed", e);
    }
  }

  /** Returns the rows of the captured tables. */
  private static long countRows(EmbeddedPostgresServer postgres, DatabaseSchema schema) throws Exception {
    long rows = 0;
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
      for (TableSchema table : schema.tables()) {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM \"" + table.name() + "\"")) {
          result.next();
          rows += result.getLong(1);
        }
      }
    }
    return rows;
  }

  private static Configuration configuration(EmbeddedPostgresServer postgres) {
    return JobTestOptions.cdcJob(postgres, DATABASE, JobTestOptions.NO_BROKER, work.resolve("checkpoints"));
  }

  /**
   * Pauses the replay after its first commit, which comes after the tables are created and the
   * tables without time are loaded, until the job has started and read the snapshot.
   */
  private record PauseAfterFirstCommit(CountDownLatch tablesCreated, CountDownLatch jobStarted)
      implements ReplayListener {
    @Override
    public void rowsCommitted(List<ReplayedRow> rows) {
      if (tablesCreated.getCount() == 0) {
        return;
      }
      tablesCreated.countDown();
      try {
        if (!jobStarted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("The job did not read the snapshot within " + TIMEOUT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while pausing the replay", e);
      }
    }
  }
}
