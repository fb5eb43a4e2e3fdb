package io.relstream.cli;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.EmbeddedPostgresServer;
import io.relstream.embedded.KafkaBrokerProcess;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.job.RelstreamOptions;
import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relstream demo}: an embedded PostgreSQL and Kafka broker, a dataset loaded into the
 * database, the job on a local MiniCluster, and a status line every few seconds until Ctrl-C or
 * {@code --max-seconds}. Everything it starts is stopped and its files removed when it ends.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole system locally on a dataset: embedded PostgreSQL and Kafka, the job, live status.")
final class DemoCommand implements Callable<Integer> {
  private static final String DATABASE = "relstream";

  @Option(names = "--dataset", required = true, description = "Dataset directory with schema.json and CSV files.")
  Path dataset;

  @Option(names = "--max-seconds", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C.")
  long maxSeconds;

  @Option(names = "--status-seconds", defaultValue = "5", description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
  long statusSeconds;

  @Option(names = "--work-dir", description = "Directory for the demo's database, broker and checkpoints; a temporary one when absent.")
  Path workDir;

  @Mixin
  JobArgs job;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("relstream-demo");
    Thread hook = new Thread(this::onInterrupt, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runDemo(work);
    } finally {
      stopped.countDown();
      if (workDir == null) {
        DemoFiles.deleteRecursively(work);
      }
    }
  }

  private void onInterrupt() {
    interrupted = true;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int runDemo(Path work) throws Exception {
    Console.step("starting embedded PostgreSQL");
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"))) {
      postgres.createDatabase(DATABASE);
      Console.step("starting Kafka broker (KRaft, child JVM)");
      try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka"))) {
        load(postgres);
        return runJob(postgres, broker, work);
      }
    }
  }

  private void load(EmbeddedPostgresServer postgres) throws Exception {
    Console.step("loading " + dataset);
    try (Connection connection = postgres.connect(DATABASE)) {
      LoadReport report = DatasetLoader.load(dataset, connection, LoadOptions.defaults());
      System.out.println(ConsoleReport.describe(report));
    }
  }

  private int runJob(EmbeddedPostgresServer postgres, KafkaBrokerProcess broker, Path work) throws Exception {
    Configuration configuration = job.configuration(defaults(postgres, broker, work));
    PostgresSourceSettings source = PostgresSourceSettings.from(configuration, postgres.password());
    JobSettings settings = JobSettings.from(configuration);
    DiscoveryResult discovery = JobLauncher.prepare(source, job.discoveryOptions(), settings);
    discovery.skipped().forEach(skipped -> Console.step("skipping table " + skipped.table() + ": " + skipped.reason()));
    Console.step("starting the job on a local MiniCluster over " + discovery.schema().tables().size() + " tables");
    JobClient client = JobLauncher.start(JobLauncher.environment(settings), source, discovery, settings);
    try (DemoMonitor monitor = new DemoMonitor(settings.publish())) {
      DemoStatus status = new DemoStatus(client, monitor, settings.publish());
      status.loop(maxSeconds, statusSeconds, () -> interrupted);
      client.cancel().get();
      System.out.println(status.summaryLine());
    }
    return 0;
  }

  private Map<String, String> defaults(EmbeddedPostgresServer postgres, KafkaBrokerProcess broker, Path work) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(PostgresSourceOptions.HOSTNAME.key(), postgres.host());
    defaults.put(PostgresSourceOptions.PORT.key(), Integer.toString(postgres.port()));
    defaults.put(PostgresSourceOptions.DATABASE.key(), DATABASE);
    defaults.put(PostgresSourceOptions.USERNAME.key(), postgres.user());
    defaults.put(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
    defaults.put(RelstreamOptions.CHECKPOINT_DIR.key(), work.resolve("checkpoints").toUri().toString());
    return defaults;
  }
}
