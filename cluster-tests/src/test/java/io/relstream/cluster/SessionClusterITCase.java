package io.relstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a Flink 1.20 standalone session cluster of child JVMs (a JobManager and two
 * TaskManagers with one slot each), submitted through the REST API, against a real PostgreSQL and
 * a real Kafka broker. The tests run in order and build on each other. Embeddings arrive, then the
 * job survives the SIGKILL of the TaskManager it runs on. Then a job resubmitted from a savepoint
 * on the same TaskManager JVM continues at the next model step. The resubmission also shows that DJL's
 * native library, loaded parent-first from the class path, works under a new job class loader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionClusterITCase {
  private static final String DATABASE = "shop";
  private static final String DB_SECRET = "cluster-test-secret-7f3a";
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(500);

  @TempDir
  static Path work;

  private static EmbeddedPostgresServer postgres;
  private static KafkaBrokerProcess broker;
  private static FlinkSessionCluster cluster;
  private static TopicTail embeddings;
  private static TopicTail progress;
  private static String jarId;
  private static String jobId;

  @BeforeAll
  static void startServices() throws Exception {
    Files.writeString(work.resolve("db-password"), DB_SECRET + "\n");
    postgres = EmbeddedPostgresServer.start(work.resolve("postgres"));
    postgres.createDatabase(DATABASE);
    try (Connection connection = postgres.connect(DATABASE)) {
      ShopDatabase.create(connection);
    }
    broker = KafkaBrokerProcess.start(work.resolve("kafka"));
    String classpath = ChildProcesses.classpathFromProperty("relstream.flink.classpath.file") + ":"
        + ChildProcesses.classpathFromProperty("relstream.djl.classpath.file");
    cluster = FlinkSessionCluster.start(work.resolve("flink"), classpath, 2, clusterSettings(),
        Map.of("ENGINE_CACHE_DIR", System.getProperty("relstream.djl.cache.dir")));
  }

  /** Settings of the cluster: one slot per TaskManager, RocksDB, fast failure detection, DJL parent-first. */
  private static Map<String, String> clusterSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("taskmanager.numberOfTaskSlots", "1");
    settings.put("parallelism.default", "1");
    settings.put("jobmanager.memory.process.size", "1024m");
    settings.put("taskmanager.memory.process.size", "1728m");
    settings.put("taskmanager.memory.managed.size", "256m");
    settings.put("state.backend.type", "rocksdb");
    settings.put("state.checkpoints.dir", work.resolve("checkpoints").toUri().toString());
    settings.put("state.savepoints.dir", work.resolve("savepoints").toUri().toString());
    settings.put("restart-strategy.type", "fixed-delay");
    settings.put("restart-strategy.fixed-delay.attempts", "100");
    settings.put("restart-strategy.fixed-delay.delay", "1 s");
    settings.put("heartbeat.interval", "1000");
    settings.put("heartbeat.timeout", "10000");
    settings.put("classloader.parent-first-patterns.additional", "ai.djl.");
    return settings;
  }

  @AfterAll
  static void stopServices() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (AutoCloseable resource : new AutoCloseable[] {embeddings, progress, cluster, broker, postgres}) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Test
  @Order(1)
  void invalidOptionFailsSubmission() throws Exception {
    jarId = cluster.rest().uploadJar(Path.of(System.getProperty("relstream.job.jar")));
    List<String> args = new ArrayList<>(programArgs(work.resolve("db-password")));
    args.addAll(List.of("--batch.size", "0"));

    assertThatThrownBy(() -> cluster.rest().runJar(jarId, args, null))
        .hasMessageContaining("Invalid value for option batch.size: 0 (allowed: 1..4096)");
    assertThat(cluster.rest().taskManagers()).allSatisfy(taskManager ->
        assertThat(taskManager.freeSlots()).isEqualTo(taskManager.slots()));
  }

  @Test
  @Order(2)
  void submittedJarPublishesEmbeddings() throws Exception {
    jobId = cluster.rest().runJar(jarId, programArgs(work.resolve("db-password")), null);
    embeddings = new TopicTail(broker.bootstrapServers(), "relstream.embeddings");
    progress = new TopicTail(broker.bootstrapServers(), "relstream.training-progress");

    Set<String> customers = keys("customers", IntStream.rangeClosed(1, ShopDatabase.CUSTOMERS));
    await("an embedding for every customer").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .untilAsserted(() -> assertThat(embeddedKeys(0)).containsAll(customers));
    assertThat(cluster.rest().isFullyRunning(jobId)).isTrue();
  }

  @Test
  @Order(3)
  void jobRecoversFromKilledTaskManager() throws Exception {
    long completed = cluster.rest().checkpointCounts(jobId).path("completed").asLong();
    await("a checkpoint after the snapshot").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .until(() -> cluster.rest().checkpointCounts(jobId).path("completed").asLong() > completed);
    List<FlinkRestClient.TaskManager> busy = cluster.rest().taskManagers().stream()
        .filter(taskManager -> taskManager.freeSlots() == 0)
        .toList();
    assertThat(busy).as("TaskManagers whose slot the job uses").hasSize(1);
    int offsetAtKill = embeddings.size();

    cluster.kill(busy.get(0).id());
    try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
      Random random = new Random(11);
      for (int id = 1001; id <= 1005; id++) {
        ShopDatabase.insertCustomer(connection, id, random);
      }
      statement.executeUpdate("UPDATE products SET price = price + 1 WHERE id = 3");
    }

    await("the job running again on the remaining TaskManager").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .until(() -> cluster.rest().taskManagers().size() == 1 && cluster.rest().isFullyRunning(jobId));
    assertThat(cluster.rest().checkpointCounts(jobId).path("restored").asLong()).as("restores from a checkpoint")
        .isGreaterThanOrEqualTo(1);
    Set<String> outageKeys = keys("customers", IntStream.rangeClosed(1001, 1005));
    outageKeys.add("products/3");
    await("embeddings of the changes committed during the outage").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .untilAsserted(() -> assertThat(embeddedKeys(offsetAtKill)).containsAll(outageKeys));
  }

  @Test
  @Order(4)
  void resubmittedJobContinuesFromSavepoint() throws Exception {
    awaitTrainingIdle();
    long lastStep = maxStep(progress.entries());
    assertThat(lastStep).as("steps before the savepoint").isPositive();
    String triggerId = cluster.rest().triggerSavepoint(jobId, work.resolve("savepoints").toUri().toString());
    String savepoint = await("the savepoint").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .until(() -> cluster.rest().savepointLocation(jobId, triggerId), location -> location != null);
    cluster.rest().cancel(jobId);
    await("the job cancelled").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .until(() -> cluster.rest().job(jobId).path("state").asText().equals("CANCELED"));
    int progressAtResubmit = progress.size();
    int embeddingsAtResubmit = embeddings.size();

    jobId = cluster.rest().runJar(jarId, programArgs(work.resolve("db-password")), savepoint);
    try (Connection connection = postgres.connect(DATABASE)) {
      Random random = new Random(13);
      for (int id = 2001; id <= 2004; id++) {
        ShopDatabase.insertCustomer(connection, id, random);
      }
    }

    Set<String> newKeys = keys("customers", IntStream.rangeClosed(2001, 2004));
    await("embeddings of rows committed after the resubmission").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .untilAsserted(() -> assertThat(embeddedKeys(embeddingsAtResubmit)).containsAll(newKeys));
    // Embeddings come from the inference operator, which does not wait for a training step, so the
    // resubmitted job's first step is awaited on its own.
    await("a training step of the resubmitted job").atMost(JOB_TIMEOUT).pollInterval(POLL)
        .until(() -> progress.size() > progressAtResubmit);
    List<TopicTail.Entry> newSteps = progress.entries().subList(progressAtResubmit, progress.size());
    assertThat(newSteps.stream().mapToLong(entry -> entry.value().path("step").asLong()).min().orElseThrow())
        .as("first model step of the resubmitted job").isEqualTo(lastStep + 1);
    assertThat(cluster.rest().taskManagers()).as("the job ran again on the TaskManager JVM that trained before")
        .hasSize(1);
  }

  @Test
  @Order(5)
  void logsShowNoSecretAndNoDoubleLoad() throws Exception {
    try (var logs = Files.list(cluster.logDirectory())) {
      for (Path log : logs.toList()) {
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("lines of %s with the database password", log.getFileName())
            .filteredOn(line -> line.contains(DB_SECRET)).isEmpty();
        assertThat(lines).as("lines of %s with UnsatisfiedLinkError", log.getFileName())
            .filteredOn(line -> line.contains("UnsatisfiedLinkError")).isEmpty();
      }
    }
  }

  /** Waits until no training step arrives between two polls, so that the savepoint contains the last step. */
  private static void awaitTrainingIdle() {
    int[] previous = {-1};
    await("training idle").atMost(JOB_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
      int now = progress.size();
      boolean idle = now == previous[0];
      previous[0] = now;
      return idle;
    });
  }

  private static List<String> programArgs(Path passwordFile) {
    return List.of(
        "--source.hostname", postgres.host(),
        "--source.port", Integer.toString(postgres.port()),
        "--source.database", DATABASE,
        "--source.username", postgres.user(),
        "--source.password-file", passwordFile.toString(),
        "--source.poll-interval", "50 ms",
        "--kafka.bootstrap-servers", broker.bootstrapServers(),
        "--job.checkpoint-interval", "2 s",
        "--job.network-buffer-timeout", "10 ms",
        "--batch.size", "16",
        "--batch.timeout", "500 ms",
        "--sampling.assembly-timeout", "1 s");
  }

  private static Set<String> embeddedKeys(int fromIndex) {
    List<TopicTail.Entry> entries = embeddings.entries();
    return entries.subList(Math.min(fromIndex, entries.size()), entries.size()).stream()
        .filter(entry -> entry.value() != null)
        .map(TopicTail.Entry::key)
        .collect(Collectors.toSet());
  }

  private static long maxStep(List<TopicTail.Entry> entries) {
    return entries.stream().mapToLong(entry -> entry.value().path("step").asLong()).max().orElse(0);
  }

  private static Set<String> keys(String table, IntStream ids) {
    return ids.mapToObj(id -> table + "/" + id).collect(Collectors.toCollection(java.util.HashSet::new));
  }
}
