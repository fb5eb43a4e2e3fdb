package io.relstream.cli;

import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.discovery.DiscoveryResult;
import io.relstream.embedded.ModelServerProcess;
import io.relstream.job.JobLauncher;
import io.relstream.job.JobSettings;
import io.relstream.synthetic.RetailGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relstream demo}: an embedded PostgreSQL and Kafka broker, a database (the synthetic retail
 * database with a live stream of changes, or a dataset directory), the job on a local MiniCluster,
 * and a status line whenever it changes until Ctrl-C or {@code --max-seconds}. Everything it starts
 * is stopped and its files removed when it ends.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole system locally: embedded PostgreSQL and Kafka, a synthetic retail database with"
        + " live changes (or --dataset), the job, live status.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--dataset", description = "Dataset directory with schema.json and CSV files; without it the demo"
      + " generates a synthetic retail database and changes it live.")
  Path dataset;

  @Option(names = "--max-seconds", defaultValue = "0", description = "Stop this many seconds after the job starts"
      + " (the build and the servers' start come on top); 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long maxSeconds;

  @Option(names = "--status-seconds", defaultValue = "5", description = "Seconds between checks of the status line,"
      + " which is printed when it changed and otherwise once a minute (default: ${DEFAULT-VALUE}).")
  long statusSeconds;

  @Option(names = "--server-port", defaultValue = "8080",
      description = "Port of the model server on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int serverPort;

  @Option(names = "--work-dir", description = "Directory for the demo's database, broker and checkpoints; a temporary one when absent.")
  Path workDir;

  @Mixin
  JobArgs job;

  @Mixin
  SyntheticArgs synthetic;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    EmbeddedStack.checkInputs(dataset, job);
    if (serverPort < 0 || serverPort > 65_535) {
      throw new UserInputException("Invalid --server-port " + serverPort + ": it must be between 0 and 65535");
    }
    RetailGenerator generator = dataset == null ? new RetailGenerator(synthetic.options()) : null;
    Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("relstream-demo");
    Thread hook = new Thread(this::onInterrupt, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runDemo(work, generator);
    } finally {
      // On Ctrl-C the JVM halts once the shutdown hook returns, and the hook returns at the count
      // down, so the files go first.
      if (workDir == null) {
        DemoFiles.deleteRecursively(work);
      }
      stopped.countDown();
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

  private int runDemo(Path work, RetailGenerator generator) throws Exception {
    if (generator == null) {
      try (EmbeddedStack stack = EmbeddedStack.start(work, dataset)) {
        return runJob(stack, null);
      }
    }
    try (EmbeddedStack stack = EmbeddedStack.startSynthetic(work, generator, job.schema)) {
      return runJob(stack, generator);
    }
  }

  private int runJob(EmbeddedStack stack, RetailGenerator generator) throws Exception {
    Configuration configuration = job.configuration(stack.demoDefaults());
    PostgresSourceSettings source = PostgresSourceSettings.from(configuration, stack.postgres().password());
    JobSettings settings = JobSettings.from(configuration);
    DiscoveryResult discovery = JobLauncher.prepare(source, job.discoveryOptions(), settings);
    Console.step("PostgreSQL at " + source.jdbcUrl() + " (user " + source.username() + "), Kafka at "
        + settings.publish().bootstrapServers() + ", embeddings in topic " + settings.publish().embeddingsTopic());
    try (ModelServerProcess server = stack.startModelServer(serverPort)) {
      Console.step("model server at " + server.address() + " (GET /v1/embeddings/{table}/{key}, POST /v1/predict,"
          + " GET /v1/models, /health, /metrics)");
      Console.step("starting the job on a local MiniCluster over " + discovery.schema().tables().size() + " tables");
      JobClient client = JobLauncher.start(JobLauncher.environment(settings, job.userOptions()), source, discovery, settings);
      try (DemoMonitor monitor = new DemoMonitor(settings.publish());
          LiveChanges live = LiveChanges.start(generator, stack, job.schema)) {
        DemoStatus status = new DemoStatus(client, monitor, rowsRead -> live.describe(rowsRead) + " | " + server.address());
        status.loop(maxSeconds, statusSeconds, () -> interrupted);
        // The summary reads the running job's accumulators, so it comes before the cancel.
        String summary = status.summaryLine();
        live.close();
        cancel(client);
        System.out.println(summary);
      }
    }
    return 0;
  }

  private static void cancel(JobClient client) {
    Console.step("stopping the job");
    try {
      client.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // On Ctrl-C the MiniCluster's own shutdown hook may have stopped the job already.
      LOG.debug("Cancelling job {} failed", client.getJobID(), e);
    }
  }
}
