package io.relstream.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.cdc.PublicationSetup;
import io.relstream.discovery.DiscoveryOptions;
import io.relstream.discovery.SchemaDiscovery;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.graph.NodeKeys;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import io.relstream.testing.JobTestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's examples on the F1 database equal a batch reference, row for row. The snapshot flows
 * through the graph and sampling stages on a MiniCluster; then no-op UPDATEs of over 500 rows across
 * all tables make them seeds again, and each new example is compared with the {@link ReferenceSampler}'s
 * walk over a JDBC copy of the same database at the example's seed time. The seeds are the rows of
 * tables without time, seeded at their commit time, and rows whose event time lies within the
 * retention before the newest event time, the span the history bounds serve exactly. Every
 * emitted example, of the snapshot too, is checked for rows newer than its seed time.
 */
class ReferenceExamplesITCase {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceExamplesITCase.class);
  private static final Path DATASET = Path.of(System.getProperty("relstream.dataset.f1", "../../shared/datasets/f1-ergast"));
  private static final String DATABASE = "f1";
  private static final Duration RETENTION = Duration.ofDays(400);
  /** Seeds per table: every table of F1 with a primary key, most of them capped by their row count or the retention. */
  private static final Map<String, Integer> SEEDS_PER_TABLE = seedsPerTable();

  @TempDir
  static Path work;

  @Test
  void streamedExamplesEqualReference() throws Exception {
    assumeTrue(Files.isDirectory(DATASET), "Skipping: the F1 dataset is not at " + DATASET.toAbsolutePath());
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"))) {
      postgres.createDatabase(DATABASE);
      DatabaseSchema schema;
      SnapshotCopy copy;
      try (Connection connection = postgres.connect(DATABASE)) {
        DatasetLoader.load(DATASET, connection, LoadOptions.defaults());
        schema = SchemaDiscovery.discover(connection, DiscoveryOptions.allTables("public")).schema();
        PublicationSetup.apply(connection, "public", "relstream_publication", schema);
        copy = SnapshotCopy.read(connection, schema);
      }
      Configuration configuration = configuration(postgres);
      JobSettings settings = JobSettings.from(configuration);
      PostgresSourceSettings source = PostgresSourceSettings.from(configuration, postgres.password());
      StreamExecutionEnvironment env = JobLauncher.environment(settings);
      env.setParallelism(1);
      CloseableIterator<Example> collected = RelstreamJob.defineExamples(env, source, schema, settings).collectAsync();
      JobClient job = env.executeAsync("reference-examples");
      ConcurrentLinkedQueue<Example> examples = new ConcurrentLinkedQueue<>();
      Thread reader = new Thread(() -> read(collected, examples), "example-reader");
      reader.setDaemon(true);
      reader.start();
      try {
        compareWithReference(postgres, schema, copy, settings, examples);
        for (Example example : examples) {
          for (ExampleRow row : example.rows()) {
            assertThat(row.eventTimeMillis()).as("event time of %s in the example of %s/%s", row, example.seedTable(),
                example.seedKey()).isLessThanOrEqualTo(example.seedTimeMillis());
          }
        }
        Object newer = job.getAccumulators().get().get(ExampleAssembler.ROWS_NEWER_THAN_SEED_ACCUMULATOR);
        assertThat(newer).as("rows newer than their seed").isEqualTo(0L);
      } finally {
        job.cancel().get(1, TimeUnit.MINUTES);
      }
    }
  }

  private static void compareWithReference(EmbeddedPostgresServer postgres, DatabaseSchema schema, SnapshotCopy copy,
      JobSettings settings, ConcurrentLinkedQueue<Example> examples) throws Exception {
    long snapshotRows = schema.tables().stream().mapToLong(t -> copy.idsOf(t.name()).size()).sum();
    await("an example of every snapshotted row").atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
        .until(() -> examples.stream().map(e -> e.seedTable() + "/" + e.seedKey()).distinct().count() >= snapshotRows);
    long updatesFrom = System.currentTimeMillis();
    Map<String, Long> seeds = chooseSeeds(schema, copy);
    assertThat(seeds).as("seeds").hasSizeGreaterThanOrEqualTo(500);
    try (Connection connection = postgres.connect(DATABASE)) {
      for (TableSchema table : schema.tables()) {
        updateSeeds(connection, table, copy, seeds.keySet());
      }
    }
    Map<String, Example> streamed = new ConcurrentHashMap<>();
    await("an example for every updated seed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          collectNew(examples, updatesFrom, streamed);
          assertThat(streamed.keySet()).containsAll(seeds.keySet());
        });

    ReferenceSampler reference = new ReferenceSampler(copy, settings.sampling());
    List<String> mismatches = new ArrayList<>();
    long rows = 0;
    for (Map.Entry<String, Long> seed : seeds.entrySet()) {
      Example actual = streamed.get(seed.getKey());
      long expectedTime = seed.getValue() == EventTime.TIMELESS ? actual.seedTimeMillis() : seed.getValue();
      Example expected = reference.expected(seed.getKey(), expectedTime, actual.commitTimeMillis());
      rows += actual.rows().size();
      if (!expected.equals(actual)) {
        mismatches.add(seed.getKey() + "\n  expected " + expected.rows() + "\n  actual   " + actual.rows());
      }
      for (ExampleRow row : actual.rows()) {
        assertThat(row.eventTimeMillis()).as("event time of %s in the example of %s", row, seed.getKey())
            .isLessThanOrEqualTo(actual.seedTimeMillis());
      }
    }
    assertThat(mismatches).as("examples unlike the reference, the first: %s",
        mismatches.isEmpty() ? "" : mismatches.get(0)).isEmpty();
    assertThat(rows).as("rows in all compared examples").isGreaterThan(5L * seeds.size());
    LOG.info("Compared {} examples with {} rows in all with the reference; seeds per table: {}", seeds.size(), rows,
        seeds.keySet().stream().collect(Collectors.groupingBy(NodeKeys::tableOf, java.util.TreeMap::new,
            Collectors.counting())));
  }

  /** Returns seed node id to event time: the first rows by key of each table that the bounds serve exactly. */
  private static Map<String, Long> chooseSeeds(DatabaseSchema schema, SnapshotCopy copy) {
    long horizon = copy.maxEventTime() - RETENTION.toMillis();
    Map<String, Long> seeds = new LinkedHashMap<>();
    for (TableSchema table : schema.tables()) {
      int limit = SEEDS_PER_TABLE.getOrDefault(table.name(), 0);
      copy.idsOf(table.name()).stream()
          .filter(id -> {
            long time = copy.node(id).eventTime();
            return time == EventTime.TIMELESS || time >= horizon;
          })
          .limit(limit)
          .forEach(id -> seeds.put(id, copy.node(id).eventTime()));
    }
    return seeds;
  }

  /** Updates the seeds of a table without changing them; PostgreSQL still writes each row to the WAL. */
  private static void updateSeeds(Connection connection, TableSchema table, SnapshotCopy copy, Set<String> seeds)
      throws Exception {
    List<String> keys = seeds.stream().filter(id -> NodeKeys.tableOf(id).equals(table.name()))
        .map(id -> keyTuple(table, copy.node(id).values())).toList();
    if (keys.isEmpty()) {
      return;
    }
    String keyColumns = table.primaryKey().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
    String first = "\"" + table.primaryKey().get(0) + "\"";
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE \"" + table.name() + "\" SET " + first + " = " + first
          + " WHERE (" + keyColumns + ") IN (" + String.join(", ", keys) + ")");
    }
  }

  private static String keyTuple(TableSchema table, Object[] values) {
    List<String> parts = new ArrayList<>();
    for (int index : table.primaryKeyIndexes()) {
      if (!(values[index] instanceof Long key)) {
        throw new IllegalStateException("Not an integer key in " + table.name() + ": " + values[index]);
      }
      parts.add(Long.toString(key));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  private static void collectNew(ConcurrentLinkedQueue<Example> examples, long updatesFrom, Map<String, Example> streamed) {
    for (Example example : examples) {
      if (example.commitTimeMillis() >= updatesFrom) {
        streamed.put(NodeKeys.nodeId(example.seedTable(), example.seedKey()), example);
      }
    }
  }

  private static void read(CloseableIterator<Example> collected, ConcurrentLinkedQueue<Example> examples) {
    try {
      collected.forEachRemaining(examples::add);
    } catch (RuntimeException e) {
      // The iterator fails once the job is cancelled at the end of the test; the examples are in.
      System.err.println("Example reader stopped: " + e);
    }
  }

  private static Configuration configuration(EmbeddedPostgresServer postgres) {
    // Checkpoints: the collecting sink hands results over at them, and the node state outgrows the
    // JobManager's memory.
    Configuration configuration =
        JobTestOptions.cdcJob(postgres, DATABASE, JobTestOptions.NO_BROKER, work.resolve("checkpoints"));
    configuration.setString(RelstreamOptions.VERSION_RETENTION.key(), RETENTION.toDays() + " d");
    configuration.setString(RelstreamOptions.CHILDREN_RETAINED.key(), "1024");
    return configuration;
  }

  private static Map<String, Integer> seedsPerTable() {
    Map<String, Integer> seeds = new LinkedHashMap<>();
    seeds.put("drivers", 100);
    seeds.put("constructors", 50);
    seeds.put("circuits", 30);
    seeds.put("status", 30);
    seeds.put("seasons", 20);
    seeds.put("races", 30);
    seeds.put("results", 100);
    seeds.put("sprint_results", 20);
    seeds.put("qualifying", 60);
    seeds.put("driver_standings", 60);
    seeds.put("constructor_standings", 40);
    seeds.put("constructor_results", 40);
    seeds.put("pit_stops", 40);
    return seeds;
  }
}
