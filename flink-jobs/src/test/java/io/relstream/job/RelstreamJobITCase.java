package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import io.relstream.graph.GraphOutputs;
import io.relstream.graph.NodeSummary;
import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.testing.JobTestOptions;
import io.relstream.training.LossWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole job on the F1 database: a real PostgreSQL with logical replication, the Flink CDC
 * source, the job on a MiniCluster, real DJL training and a real Kafka broker.
 */
class RelstreamJobITCase {
  private static final Logger LOG = LoggerFactory.getLogger(RelstreamJobITCase.class);
  private static final Path DATASET = Path.of(System.getProperty("relstream.dataset.f1", "../../shared/datasets/f1-ergast"));
  private static final String DATABASE = "f1";
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(12);
  private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;

  private static EmbeddedPostgresServer postgres;
  private static KafkaBrokerProcess broker;
  private static JobSettings settings;
  private static JobClient job;
  private static TopicRecorder topics;
  private static final ConcurrentLinkedQueue<NodeSummary> summaries = new ConcurrentLinkedQueue<>();
  private static Thread summaryReader;

  @BeforeAll
  static void startPipeline() throws Exception {
    assumeTrue(Files.isDirectory(DATASET), "Skipping: the F1 dataset is not at " + DATASET.toAbsolutePath());
    postgres = EmbeddedPostgresServer.start(work.resolve("postgres"));
    postgres.createDatabase(DATABASE);
    try (Connection connection = postgres.connect(DATABASE)) {
      DatasetLoader.load(DATASET, connection, LoadOptions.defaults());
    }
    broker = KafkaBrokerProcess.start(work.resolve("kafka"));
    Configuration configuration = configuration();
    PostgresSourceSettings source = PostgresSourceSettings.from(configuration, postgres.password());
    settings = JobSettings.from(configuration);
    DiscoveryResult discovery = JobLauncher.prepare(source, DiscoveryOptions.allTables("public"), settings);
    topics = new TopicRecorder(broker.bootstrapServers(),
        List.of(settings.publish().embeddingsTopic(), settings.publish().progressTopic()));
    StreamExecutionEnvironment env = JobLauncher.environment(settings);
    env.setParallelism(1);
    Pipeline pipeline = RelstreamJob.define(env, source, discovery.schema(), settings);
    CloseableIterator<NodeSummary> collected = pipeline.nodeSummaries().collectAsync();
    job = env.executeAsync("relstream-e2e");
    summaryReader = new Thread(() -> readSummaries(collected), "summary-reader");
    summaryReader.setDaemon(true);
    summaryReader.start();
    LOG.info("Submitted the job after loading PostgreSQL and starting the broker");
  }

  private static void readSummaries(CloseableIterator<NodeSummary> collected) {
    try {
      collected.forEachRemaining(summaries::add);
    } catch (RuntimeException e) {
      // The iterator fails once the job is cancelled at the end of the test; the summaries are in.
      System.err.println("Node summaries stopped: " + e);
    }
  }

  private static Configuration configuration() {
    Configuration configuration =
        JobTestOptions.cdcJob(postgres, DATABASE, broker.bootstrapServers(), work.resolve("checkpoints"));
    configuration.setString(RelstreamOptions.BATCH_SIZE.key(), "128");
    // Half the default of 128 tokens, so that the snapshot is read faster. Inference embeds every
    // snapshot row, and its attention masks and per-layer relation bias grow with the square of the
    // token count. None of the checks below depends on examples longer than 64 tokens.
    configuration.setString(RelstreamOptions.MAX_TOKENS.key(), "64");
    return configuration;
  }

  @AfterAll
  static void stop() throws Exception {
    JobTeardown.cancelAndClose(job, topics, broker, postgres);
  }

  @Test
  void pipelineRunsEndToEnd() throws Exception {
    Set<String> driverIds = ids("SELECT \"driverId\" FROM drivers");
    await("an embedding for every driver").atMost(SNAPSHOT_TIMEOUT).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(embeddedKeys("drivers")).containsAll(driverIds));
    LOG.info("Every driver has an embedding; {} rows read so far", rowsRead());
    long totalRows = count("SELECT (SELECT count(*) FROM circuits) + (SELECT count(*) FROM constructors)"
        + " + (SELECT count(*) FROM drivers) + (SELECT count(*) FROM seasons) + (SELECT count(*) FROM status)"
        + " + (SELECT count(*) FROM races) + (SELECT count(*) FROM results) + (SELECT count(*) FROM sprint_results)"
        + " + (SELECT count(*) FROM qualifying) + (SELECT count(*) FROM driver_standings)"
        + " + (SELECT count(*) FROM constructor_standings) + (SELECT count(*) FROM constructor_results)"
        + " + (SELECT count(*) FROM pit_stops)");
    await("the snapshot read whole").atMost(SNAPSHOT_TIMEOUT).pollInterval(Duration.ofSeconds(2))
        .until(() -> rowsRead() >= totalRows);
    LOG.info("Read the whole snapshot of {} rows", totalRows);

    updatedDriverGetsNewerEmbedding();
    LOG.info("Checked the update's new embedding");
    hostileValuesStillEmbed();
    LOG.info("Checked the embeddings of hostile values");
    deletedResultGetsTombstone();
    LOG.info("Checked the delete's tombstone");
    degreesMatchDatabase();
    LOG.info("Checked the degrees against the database");
    lossDecreases();
  }

  private void updatedDriverGetsNewerEmbedding() throws Exception {
    long emittedBefore = latestEmitMillis("drivers/1");
    execute("UPDATE drivers SET code = 'HMT' WHERE \"driverId\" = 1");
    await("a new embedding of drivers/1").atMost(CHANGE_TIMEOUT)
        .untilAsserted(() -> assertThat(latestEmitMillis("drivers/1")).isGreaterThan(emittedBefore));
  }

  private void hostileValuesStillEmbed() throws Exception {
    long resultEmitted = latestEmitMillis("results/3");
    long driverEmitted = latestEmitMillis("drivers/2");
    execute("UPDATE results SET points = 'NaN', \"fastestLapSpeed\" = '-Infinity', milliseconds = NULL"
        + " WHERE \"resultId\" = 3");
    execute("UPDATE drivers SET url = repeat('x', 1000000), forename = '' WHERE \"driverId\" = 2");
    await("embeddings of rows with NaN, -Infinity, NULL, empty and 1 MB values").atMost(CHANGE_TIMEOUT)
        .untilAsserted(() -> {
          assertThat(latestEmitMillis("results/3")).isGreaterThan(resultEmitted);
          assertThat(latestEmitMillis("drivers/2")).isGreaterThan(driverEmitted);
        });
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
  }

  private void deletedResultGetsTombstone() throws Exception {
    execute("DELETE FROM results WHERE \"resultId\" = 1");
    await("a tombstone for results/1").atMost(CHANGE_TIMEOUT)
        .untilAsserted(() -> assertThat(topics.messages(settings.publish().embeddingsTopic()))
            .anyMatch(m -> "results/1".equals(m.key()) && m.value() == null));
  }

  private void degreesMatchDatabase() throws Exception {
    // Fresh changes of the nodes, after the delete above, so that their summaries reflect it.
    execute("UPDATE drivers SET code = 'HAM' WHERE \"driverId\" = 1");
    execute("UPDATE races SET name = name || ' ' WHERE \"raceId\" = 18");
    execute("UPDATE results SET points = points + 1 WHERE \"resultId\" = 2");
    Map<String, Long> driverChildren = childCounts("\"driverId\" = 1",
        "results", "sprint_results", "qualifying", "driver_standings", "pit_stops");
    Map<String, Long> raceChildren = childCounts("\"raceId\" = 18", "results", "sprint_results", "qualifying",
        "driver_standings", "constructor_standings", "constructor_results", "pit_stops");
    await("summaries of the updated nodes").atMost(CHANGE_TIMEOUT).untilAsserted(() -> {
      assertThat(latestSummary("drivers/1").inDegree()).isEqualTo(driverChildren);
      assertThat(latestSummary("races/18").inDegree()).isEqualTo(raceChildren);
    });
    assertThat(latestSummary("races/18").outDegree()).isEqualTo(2);
    assertThat(latestSummary("results/2").outDegree()).isEqualTo(4);
  }

  private void lossDecreases() {
    List<Float> losses = topics.messages(settings.publish().progressTopic()).stream()
        .map(m -> readJson(m.value()))
        .sorted((a, b) -> Long.compare(a.get("step").asLong(), b.get("step").asLong()))
        .map(progress -> (float) progress.get("loss").asDouble())
        .toList();
    LOG.info("Training loss over {} steps: first window {}, last window {}", losses.size(),
        LossWindows.first(losses), LossWindows.last(losses));
    assertThat(losses).hasSizeGreaterThan(20);
    assertThat(LossWindows.last(losses)).isLessThan(LossWindows.first(losses));
  }

  private static Set<String> embeddedKeys(String table) {
    Set<String> keys = new HashSet<>();
    for (TopicRecorder.Message message : topics.messages(settings.publish().embeddingsTopic())) {
      if (message.value() != null && message.key().startsWith(table + "/")) {
        keys.add(message.key().substring(table.length() + 1));
      }
    }
    return keys;
  }

  /**
   * Returns when the job emitted the entity's latest embedding. The inference operator embeds a
   * change with the latest model snapshot, which need not be newer than the one before, so a newer
   * embedding is one emitted later rather than one with a higher model step.
   */
  private static long latestEmitMillis(String entity) {
    return topics.messages(settings.publish().embeddingsTopic()).stream()
        .filter(m -> entity.equals(m.key()) && m.value() != null)
        .mapToLong(m -> readJson(m.value()).get("emitTimeMillis").asLong())
        .max()
        .orElse(-1);
  }

  private static NodeSummary latestSummary(String node) {
    return summaries.stream().filter(s -> s.node().equals(node))
        .max((a, b) -> Long.compare(a.version(), b.version()))
        .orElseThrow(() -> new AssertionError("No summary of " + node + " yet"));
  }

  private static long rowsRead() throws Exception {
    Object value = job.getAccumulators().get().get(GraphOutputs.ROWS_READ_ACCUMULATOR);
    return value instanceof Number number ? number.longValue() : 0;
  }

  private static Map<String, Long> childCounts(String condition, String... tables) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tables) {
      long count = count("SELECT count(*) FROM " + table + " WHERE " + condition);
      if (count > 0) {
        counts.put(table, count);
      }
    }
    return counts;
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("Invalid JSON: " + text, e);
    }
  }

  private static Set<String> ids(String sql) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static long count(String sql) throws Exception {
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
