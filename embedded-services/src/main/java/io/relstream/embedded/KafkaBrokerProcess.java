package io.relstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 4 broker in KRaft mode (combined broker and controller) that runs in a child
 * JVM and listens on 127.0.0.1. It runs in a separate JVM because its Kafka 4 jars clash with
 * the Kafka 3 client that Flink's Kafka connector loads in this one. Methods are thread-safe. A
 * broker that exits on its own is not restarted, and {@link #isAlive()} then returns false.
 *
 * <p>When this JVM exits without calling {@link #close()}, a shutdown hook does what close() does.
 * NOTE: a parent JVM that is killed with SIGKILL runs no hooks and leaves the broker running.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);

  /** System property that names the class path file, {@code kafka-broker/target/broker.classpath}. */
  public static final String CLASSPATH_FILE_PROPERTY = "relstream.kafka.broker.classpath.file";

  static final String OUTPUT_FILE = "broker.out";
  private static final String TMP_DIRECTORY = "tmp";
  private static final String FORMAT_OUTPUT_FILE = "storage-format.out";
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final int port;
  private final Path workDirectory;
  private final boolean deleteWorkDirectory;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KafkaBrokerProcess(Process process, int port, Path workDirectory, boolean deleteWorkDirectory) {
    this.process = process;
    this.port = port;
    this.workDirectory = workDirectory;
    this.deleteWorkDirectory = deleteWorkDirectory;
    this.shutdownHook = new Thread(this::closeAtShutdown, "kafka-broker-" + process.pid() + "-shutdown");
  }

  /**
   * Starts a broker in a new temporary directory, which {@link #close()} deletes. The class path
   * file comes from the system property {@value #CLASSPATH_FILE_PROPERTY}.
   */
  public static KafkaBrokerProcess start() throws IOException {
    Path classpathFile = BrokerClasspath.fileFromSystemProperty(CLASSPATH_FILE_PROPERTY);
    Path workDirectory = Files.createTempDirectory("relstream-kafka-");
    try {
      return start(workDirectory, classpathFile, true);
    } catch (IOException | RuntimeException e) {
      // The exception already contains the tails of the logs.
      WorkFiles.deleteRecursively(workDirectory);
      throw e;
    }
  }

  /**
   * Starts a broker whose files are in {@code workDirectory}. The class path file comes from the
   * system property {@value #CLASSPATH_FILE_PROPERTY}.
   */
  public static KafkaBrokerProcess start(Path workDirectory) throws IOException {
    return start(workDirectory, BrokerClasspath.fileFromSystemProperty(CLASSPATH_FILE_PROPERTY));
  }

  /**
   * Starts a broker whose files are in {@code workDirectory}, which is created if needed, with the
   * child JVM's class path read from {@code classpathFile}. {@link #close()} deletes the data
   * directory {@code kafka-data} and the child's {@code tmp} directory, and keeps the configuration
   * and log files for diagnosis. If startup fails, all files stay and the exception contains the
   * last lines of the logs.
   */
  public static KafkaBrokerProcess start(Path workDirectory, Path classpathFile) throws IOException {
    return start(workDirectory, classpathFile, false);
  }

  private static KafkaBrokerProcess start(Path workDirectory, Path classpathFile, boolean deleteWorkDirectory)
      throws IOException {
    String classpath = BrokerClasspath.read(classpathFile, CLASSPATH_FILE_PROPERTY);
    Path directory = workDirectory.toAbsolutePath();
    Files.createDirectories(directory.resolve(TMP_DIRECTORY));
    int[] ports = FreePorts.pick(2);
    Path serverProperties = BrokerConfig.writeServerProperties(directory, ports[0], ports[1]);
    Path log4jConfig = BrokerConfig.writeLog4jConfig(directory);

    long startNanos = System.nanoTime();
    List<String> jvmOptions = List.of(
        "-Xms256m",
        "-Xmx512m",
        "-XX:+ExitOnOutOfMemoryError",
        "-Djava.awt.headless=true",
        "-Djava.io.tmpdir=" + directory.resolve(TMP_DIRECTORY),
        "-Dlog4j2.configurationFile=" + log4jConfig);
    formatStorage(classpath, jvmOptions, serverProperties, directory);
    Process process = ChildJvm.start(
        classpath, jvmOptions, "kafka.Kafka", List.of(serverProperties.toString()), directory,
        directory.resolve(OUTPUT_FILE));

    KafkaBrokerProcess broker = new KafkaBrokerProcess(process, ports[0], directory, deleteWorkDirectory);
    Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
    try {
      BrokerReadiness.await(process, ports[0], directory);
    } catch (IOException | RuntimeException e) {
      broker.stopProcess();
      throw e;
    }
    LOG.info(
        "Started Kafka broker on {}:{} (controller port {}, pid {}) in {} ms with work directory {}",
        EmbeddedHosts.LOOPBACK, ports[0], ports[1], process.pid(), (System.nanoTime() - startNanos) / 1_000_000,
        directory);
    return broker;
  }

  /** Formats the KRaft metadata log, which Kafka 4 requires before the first start. */
  private static void formatStorage(String classpath, List<String> jvmOptions, Path serverProperties, Path directory)
      throws IOException {
    Path output = directory.resolve(FORMAT_OUTPUT_FILE);
    List<String> arguments = List.of(
        "format", "--cluster-id", BrokerConfig.newClusterId(), "--config", serverProperties.toString(), "--standalone");
    Process format = ChildJvm.start(classpath, jvmOptions, "kafka.tools.StorageTool", arguments, directory, output);
    boolean exited = waitFor(format, FORMAT_TIMEOUT);
    if (!exited || format.exitValue() != 0) {
      stop(format);
      String outcome = exited ? "failed with exit code " + format.exitValue() : "timed out after " + FORMAT_TIMEOUT;
      throw new IOException(
          "Formatting the Kafka storage " + outcome + ". Last lines of " + output + ":" + System.lineSeparator()
              + WorkFiles.tail(output, LOG_TAIL_LINES));
    }
  }

  /** Returns {@code 127.0.0.1:PORT}, the value for a client's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return EmbeddedHosts.LOOPBACK + ":" + port;
  }

  /** Returns the directory with the broker's configuration, logs and data. */
  Path workDirectory() {
    return workDirectory;
  }

  /** Returns whether the broker's JVM is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the broker, waiting up to 10 s for a clean shutdown before killing it, and deletes the
   * data directory, or the whole work directory when {@link #start()} created it. Calls after the
   * first do nothing.
   */
  @Override
  public void close() throws IOException {
    if (!stopProcess()) {
      return;
    }
    if (deleteWorkDirectory) {
      WorkFiles.deleteRecursively(workDirectory);
    } else {
      WorkFiles.deleteRecursively(workDirectory.resolve(BrokerConfig.DATA_DIRECTORY));
      WorkFiles.deleteRecursively(workDirectory.resolve(TMP_DIRECTORY));
    }
    LOG.info("Stopped Kafka broker on port {} (pid {})", port, process.pid());
  }

  private void closeAtShutdown() {
    try {
      close();
    } catch (IOException e) {
      LOG.warn("Failed to delete the files of Kafka broker {} at JVM shutdown", process.pid(), e);
    }
  }

  /** Stops the broker's JVM on the first call and returns whether this call stopped it. */
  private boolean stopProcess() {
    if (closed.getAndSet(true)) {
      return false;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down. This call may come from the hook itself.
    }
    stop(process);
    return true;
  }

  /** Asks the process to exit, and kills it if it is still running after {@link #STOP_TIMEOUT}. */
  private static void stop(Process process) {
    process.destroy();
    if (waitFor(process, STOP_TIMEOUT)) {
      return;
    }
    LOG.warn("Kafka process {} did not exit within {} of a termination request; killing it", process.pid(), STOP_TIMEOUT);
    process.destroyForcibly();
    if (!waitFor(process, STOP_TIMEOUT)) {
      LOG.error("Kafka process {} is still running {} after it was killed", process.pid(), STOP_TIMEOUT);
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
