package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import io.relstream.modelstore.LocalModelStore;
import io.relstream.modelstore.ModelVersionReader;
import io.relstream.publish.TrainingProgress;
import io.relstream.publish.TrainingRestore;
import io.relstream.testing.JobTestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the running job on a MiniCluster during training, after a checkpoint that contains at least
 * {@value #MIN_STEP} training steps, and checks the restore: the restored step and the
 * fingerprints of every weight and every optimizer moment equal those in the checkpoint, training
 * continues from the checkpointed step, and model version numbers never repeat. Runs a real
 * PostgreSQL with rows inserted all along, the Flink CDC source and a real Kafka broker.
 */
class TrainingFailoverITCase {
  private static final String DATABASE = "failover";
  private static final long MIN_STEP = 10;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] POSITIONS = {"keeper", "defender", "midfielder", "forward"};

  /** Restore records from the collecting sink, which runs in this JVM's MiniCluster. */
  private static final ConcurrentLinkedQueue<TrainingRestore> RESTORES = new ConcurrentLinkedQueue<>();

  @TempDir
  static Path work;

  private static EmbeddedPostgresServer postgres;
  private static KafkaBrokerProcess broker;
  private static JobSettings settings;
  private static JobClient job;
  private static TopicRecorder topics;
  private static Thread inserter;
  private static final AtomicBoolean inserting = new AtomicBoolean(true);

  @BeforeAll
  static void startJob() throws Exception {
    postgres = EmbeddedPostgresServer.start(work.resolve("postgres"));
    postgres.createDatabase(DATABASE);
    createTables();
    broker = KafkaBrokerProcess.start(work.resolve("kafka"));
    Configuration configuration = configuration();
    PostgresSourceSettings source = PostgresSourceSettings.from(configuration, postgres.password());
    settings = JobSettings.from(configuration);
    DiscoveryResult discovery = JobLauncher.prepare(source, DiscoveryOptions.allTables("public"), settings);
    topics = new TopicRecorder(broker.bootstrapServers(),
        List.of(settings.publish().progressTopic(), settings.publish().modelVersionsTopic()));
    StreamExecutionEnvironment env = JobLauncher.environment(settings, JobTestOptions.fixedDelayRestarts(3, "1 s"));
    env.setParallelism(1);
    Pipeline pipeline = RelstreamJob.define(env, source, discovery.schema(), settings);
    pipeline.progress().map(new FailOnceAfterCheckpoint()).name("inject-failure").setParallelism(1)
        .addSink(new DiscardingSink<>()).name("discard-progress");
    pipeline.restores().addSink(new CollectRestores()).name("collect-restores").setParallelism(1);
    job = env.executeAsync("relstream-failover");
    inserter = new Thread(TrainingFailoverITCase::insertPlayers, "player-inserter");
    inserter.setDaemon(true);
    inserter.start();
  }

  private static Configuration configuration() {
    Configuration configuration =
        JobTestOptions.cdcJob(postgres, DATABASE, broker.bootstrapServers(), work.resolve("checkpoints"));
    configuration.setString(RelstreamOptions.CHECKPOINT_INTERVAL.key(), "1 s");
    configuration.setString(RelstreamOptions.BATCH_SIZE.key(), "8");
    configuration.setString(RelstreamOptions.BATCH_TIMEOUT.key(), "200 ms");
    configuration.setString(RelstreamOptions.MODEL_DIM.key(), "16");
    configuration.setString(RelstreamOptions.LAYERS.key(), "1");
    configuration.setString(RelstreamOptions.EMBEDDING_DIM.key(), "8");
    configuration.setString(RelstreamOptions.MODEL_DIRECTORY.key(), work.resolve("models").toUri().toString());
    configuration.setString(RelstreamOptions.VERSION_INTERVAL_STEPS.key(), "5");
    configuration.setString(RelstreamOptions.VERSIONS_RETAINED.key(), "100");
    return configuration;
  }

  private static void createTables() throws SQLException {
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE teams (id bigint PRIMARY KEY, name varchar(64), city varchar(64))");
      statement.execute("CREATE TABLE players (id bigint PRIMARY KEY, team_id bigint REFERENCES teams(id),"
          + " position varchar(32), points double precision, joined timestamp)");
      for (int team = 0; team < 10; team++) {
        statement.execute("INSERT INTO teams VALUES (" + team + ", 'Team " + team + "', 'City " + team % 4 + "')");
      }
      for (int player = 0; player < 200; player++) {
        insertPlayer(connection, player);
      }
    }
  }

  /** Inserts one player every 50 ms until the test ends, so that batches keep arriving. */
  private static void insertPlayers() {
    try (Connection connection = postgres.connect(DATABASE)) {
      for (int player = 200; inserting.get(); player++) {
        insertPlayer(connection, player);
        Thread.sleep(50);
      }
    } catch (SQLException e) {
      if (inserting.get()) {
        throw new IllegalStateException("Inserting players failed", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void insertPlayer(Connection connection, int id) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO players VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setLong(2, id % 10);
      insert.setString(3, POSITIONS[id % 4]);
      insert.setDouble(4, (id % 4) * 10.0 + id % 7);
      insert.setTimestamp(5, new Timestamp(1_600_000_000_000L + id * 86_400_000L));
      insert.executeUpdate();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    inserting.set(false);
    if (inserter != null) {
      inserter.join(10_000);
    }
    JobTeardown.cancelAndClose(job, topics, broker, postgres);
  }

  @Test
  void restoredTrainingMatchesCheckpoint() throws Exception {
    await("the injected failure").atMost(TIMEOUT).until(() -> FailOnceAfterCheckpoint.FAILED_AT_STEP.get() > 0);
    long failedAt = FailOnceAfterCheckpoint.FAILED_AT_STEP.get();
    await("a restore record").atMost(TIMEOUT).until(() -> !RESTORES.isEmpty());
    TrainingRestore restore = RESTORES.peek();

    assertThat(restore.checkpointId()).isPositive();
    assertThat(restore.checkpointedStep()).isBetween(MIN_STEP, failedAt);
    assertThat(restore.restoredStep()).isEqualTo(restore.checkpointedStep());
    assertThat(restore.restoredWeightsSha256()).hasSize(64).isEqualTo(restore.checkpointedWeightsSha256());
    assertThat(restore.restoredOptimizerSha256()).hasSize(64).isEqualTo(restore.checkpointedOptimizerSha256());
    assertThat(restore.tokenizerVersion()).isPositive();

    await("training past the failure").atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(stepsAfter(restore)).isNotEmpty().last().satisfies(
            step -> assertThat(step).isGreaterThan(failedAt + 5)));
    List<Long> steps = stepsAfter(restore);
    assertThat(steps.get(0)).as("first step after the restore").isEqualTo(restore.checkpointedStep() + 1);
    assertThat(steps).as("steps after the restore").isSorted().doesNotHaveDuplicates();
    assertThat(RESTORES).as("restore records").hasSize(1);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

    versionsNeverRepeat(failedAt);
  }

  /** Steps of the progress records emitted after the restore, in topic order. */
  private static List<Long> stepsAfter(TrainingRestore restore) {
    return topics.messages(settings.publish().progressTopic()).stream()
        .map(message -> json(message.value()))
        .filter(progress -> progress.get("emitTimeMillis").asLong() >= restore.emitTimeMillis())
        .map(progress -> progress.get("step").asLong())
        .toList();
  }

  private static void versionsNeverRepeat(long failedAt) throws IOException {
    await("a model version after the failure").atMost(TIMEOUT).untilAsserted(() ->
        assertThat(announcements()).anySatisfy(version -> assertThat(version.get("step").asLong())
            .isGreaterThan(failedAt)));
    Set<Long> numbers = new HashSet<>();
    for (JsonNode version : announcements()) {
      assertThat(numbers.add(version.get("version").asLong())).as("version %s announced once", version).isTrue();
    }
    ModelVersionReader reader = new ModelVersionReader(new LocalModelStore(work.resolve("models")));
    assertThat(reader.versions()).containsAll(numbers);
  }

  private static List<JsonNode> announcements() {
    return topics.messages(settings.publish().modelVersionsTopic()).stream()
        .map(message -> json(message.value()))
        .toList();
  }

  private static JsonNode json(String value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails once, on the first progress record after a checkpoint completed that this map entered
   * having seen step {@value #MIN_STEP}. The map is downstream of training, so that checkpoint
   * contains training state of at least that step.
   */
  static final class FailOnceAfterCheckpoint
      implements MapFunction<TrainingProgress, TrainingProgress>, CheckpointedFunction, CheckpointListener {
    static final AtomicLong FAILED_AT_STEP = new AtomicLong();
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private transient Set<Long> eligibleCheckpoints;
    private transient boolean sawMinStep;

    @Override
    public TrainingProgress map(TrainingProgress progress) {
      sawMinStep |= progress.step() >= MIN_STEP;
      if (ARMED.get() && FAILED_AT_STEP.compareAndSet(0, progress.step())) {
        throw new IllegalStateException("Injected failure at training step " + progress.step());
      }
      return progress;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
      if (sawMinStep) {
        eligibleCheckpoints.add(context.getCheckpointId());
      }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      eligibleCheckpoints = new HashSet<>();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (eligibleCheckpoints.contains(checkpointId)) {
        ARMED.set(true);
      }
    }
  }

  /** Adds restore records to the test's queue. */
  static final class CollectRestores implements SinkFunction<TrainingRestore> {
    @Override
    public void invoke(TrainingRestore restore, Context context) {
      RESTORES.add(restore);
    }
  }
}
