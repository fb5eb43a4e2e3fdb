package io.relstream.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink standalone session cluster of child JVMs on 127.0.0.1: a JobManager started by
 * {@code StandaloneSessionClusterEntrypoint} and TaskManagers started by {@code TaskManagerRunner},
 * launched the way Flink's scripts launch them. Their memory flags and dynamic properties come from
 * {@code BashJavaUtils}, their Java 17 module flags from Flink's default {@code env.java.opts.all},
 * and each process has its own temporary directory below the cluster's folder.
 */
final class FlinkSessionCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);
  private static final String EXEC_RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** {@code env.java.opts.all} of the config.yaml in Flink 1.20's distribution, needed on Java 17. */
  static final List<String> JAVA_17_OPTIONS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Path directory;
  private final String classpath;
  private final Map<String, String> environment;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> taskManagers = new LinkedHashMap<>();
  private final FlinkRestClient rest;
  private final Thread shutdownHook = new Thread(this::stopProcesses, "flink-cluster-shutdown");

  private FlinkSessionCluster(Path directory, String classpath, Map<String, String> environment, int restPort) {
    this.directory = directory;
    this.classpath = classpath;
    this.environment = environment;
    this.restPort = restPort;
    this.rest = new FlinkRestClient("http://127.0.0.1:" + restPort);
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers with {@code settings} on top of the
   * cluster's base configuration, and returns once all TaskManagers have registered.
   *
   * @param environment variables for every process, for example where DJL finds its native libraries
   */
  static FlinkSessionCluster start(Path directory, String classpath, int taskManagers, Map<String, String> settings,
      Map<String, String> environment) throws IOException {
    int[] ports = ChildProcesses.freePorts(2);
    FlinkSessionCluster cluster = new FlinkSessionCluster(directory.toAbsolutePath(), classpath, environment, ports[1]);
    // A test JVM that is terminated (Ctrl-C, a build timeout) skips @AfterAll; the hook still stops the cluster.
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.writeConfiguration(ports[0], settings);
      cluster.startJobManager();
      ResourceParams taskManagerParams = cluster.resourceParams("GET_TM_RESOURCE_PARAMS");
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager("tm-" + i, taskManagerParams);
      }
      await("registration of " + taskManagers + " TaskManagers").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> cluster.rest.taskManagers().size() == taskManagers);
      return cluster;
    } catch (IOException | RuntimeException e) {
      LOG.error("Flink cluster failed to start; JobManager log tail:{}{}", System.lineSeparator(),
          ChildProcesses.tail(cluster.logDirectory().resolve("jobmanager.log"), 40));
      cluster.close();
      throw e;
    }
  }

  FlinkRestClient rest() {
    return rest;
  }

  Path logDirectory() {
    return directory.resolve("log");
  }

  /** Kills the TaskManager's JVM with SIGKILL, as a crashed machine would end it, and waits until it is gone. */
  void kill(String resourceId) {
    Process process = taskManagers.get(resourceId);
    if (process == null) {
      throw new IllegalArgumentException("No TaskManager " + resourceId + "; running: " + taskManagers.keySet());
    }
    process.destroyForcibly();
    ChildProcesses.waitFor(process, Duration.ofSeconds(15));
    LOG.info("Killed TaskManager {} (pid {})", resourceId, process.pid());
  }

  /** Stops every process, the TaskManagers first. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and the hook stops the processes.
      return;
    }
    stopProcesses();
  }

  private synchronized void stopProcesses() {
    List<Process> reversed = new ArrayList<>(processes);
    Collections.reverse(reversed);
    for (Process process : reversed) {
      ChildProcesses.stop(process);
    }
    LOG.info("Stopped Flink cluster with REST port {}", restPort);
  }

  private void writeConfiguration(int rpcPort, Map<String, String> settings) throws IOException {
    Map<String, String> configuration = new LinkedHashMap<>();
    configuration.put("jobmanager.rpc.address", "127.0.0.1");
    configuration.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    configuration.put("jobmanager.bind-host", "127.0.0.1");
    configuration.put("rest.address", "127.0.0.1");
    configuration.put("rest.bind-address", "127.0.0.1");
    configuration.put("rest.port", Integer.toString(restPort));
    configuration.put("taskmanager.host", "127.0.0.1");
    configuration.put("taskmanager.bind-host", "127.0.0.1");
    configuration.put("web.upload.dir", directory.resolve("uploads").toString());
    configuration.put("web.tmpdir", directory.resolve("web-tmp").toString());
    configuration.put("blob.storage.directory", directory.resolve("blobs").toString());
    configuration.putAll(settings);

    StringBuilder yaml = new StringBuilder();
    configuration.forEach((key, value) -> yaml.append(key).append(": \"").append(value).append("\"\n"));
    Files.createDirectories(configDirectory());
    Files.createDirectories(logDirectory());
    Files.writeString(configDirectory().resolve("config.yaml"), yaml);
    Files.writeString(configDirectory().resolve("log4j.properties"), """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = MainAppender
        appender.main.name = MainAppender
        appender.main.type = File
        appender.main.append = true
        appender.main.fileName = ${sys:log.file}
        appender.main.layout.type = PatternLayout
        appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} [%t] - %m%n
        logger.kafka.name = io.relstream.shaded.org.apache.kafka
        logger.kafka.level = WARN
        logger.debezium.name = io.debezium
        logger.debezium.level = WARN
        logger.cdcconfig.name = CDC_CONFIG_LOGGER
        logger.cdcconfig.level = WARN
        """.replace("CDC_CONFIG_LOGGER", DeploymentContract.CDC_CONFIG_LOGGER));
  }

  private void startJobManager() throws IOException {
    ResourceParams params = resourceParams("GET_JM_RESOURCE_PARAMS");
    List<String> arguments = new ArrayList<>(List.of("--configDir", configDirectory().toString(), "--executionMode", "cluster"));
    arguments.addAll(params.dynamicProperties());
    processes.add(launch("jobmanager", params.jvmOptions(),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", arguments));
    await("the JobManager's REST endpoint").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(rest::taskManagers);
  }

  private void startTaskManager(String resourceId, ResourceParams params) throws IOException {
    Path tmp = Files.createDirectories(directory.resolve(resourceId + "-tmp"));
    List<String> arguments = new ArrayList<>(List.of("--configDir", configDirectory().toString()));
    arguments.addAll(params.dynamicProperties());
    arguments.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId, "-D", "io.tmp.dirs=" + tmp));
    Process process = launch(resourceId, params.jvmOptions(), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        arguments);
    processes.add(process);
    taskManagers.put(resourceId, process);
  }

  private Process launch(String name, List<String> memoryOptions, String mainClass, List<String> arguments)
      throws IOException {
    Path tmp = Files.createDirectories(directory.resolve(name + "-tmp"));
    List<String> jvmOptions = new ArrayList<>(memoryOptions);
    jvmOptions.addAll(JAVA_17_OPTIONS);
    jvmOptions.addAll(List.of(
        "-Djava.io.tmpdir=" + tmp,
        "-Dai.djl.offline=true",
        "-Dlog.file=" + logDirectory().resolve(name + ".log"),
        "-Dlog4j.configurationFile=file:" + configDirectory().resolve("log4j.properties")));
    Process process = ChildProcesses.startJava(jvmOptions, classpath, mainClass, arguments, environment, directory,
        logDirectory().resolve(name + ".out"));
    LOG.info("Started {} (pid {})", name, process.pid());
    return process;
  }

  /** Runs BashJavaUtils as Flink's config.sh does and returns its JVM options and dynamic properties. */
  private ResourceParams resourceParams(String command) throws IOException {
    Path output = logDirectory().resolve("bash-java-utils-" + command + ".out");
    Files.deleteIfExists(output);
    Process process = ChildProcesses.startJava(
        List.of("-Dlog4j2.level=WARN", "-Djava.io.tmpdir=" + directory), classpath,
        "org.apache.flink.runtime.util.bash.BashJavaUtils", List.of(command, "--configDir", configDirectory().toString()),
        environment, directory, output);
    if (!ChildProcesses.waitFor(process, Duration.ofSeconds(60)) || process.exitValue() != 0) {
      ChildProcesses.stop(process);
      throw new IOException("BashJavaUtils " + command + " failed:" + System.lineSeparator()
          + ChildProcesses.tail(output, 30));
    }
    List<String> results = Files.readAllLines(output).stream()
        .filter(line -> line.startsWith(EXEC_RESULT_PREFIX))
        .map(line -> line.substring(EXEC_RESULT_PREFIX.length()).strip())
        .toList();
    if (results.size() < 2) {
      throw new IOException("BashJavaUtils " + command + " printed " + results.size() + " results instead of 2:"
          + System.lineSeparator() + ChildProcesses.tail(output, 30));
    }
    return new ResourceParams(split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
  }

  private static List<String> split(String line) {
    return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
  }

  private Path configDirectory() {
    return directory.resolve("conf");
  }

  /** The JVM memory flags and the {@code -D key=value} properties that a Flink process starts with. */
  private record ResourceParams(List<String> jvmOptions, List<String> dynamicProperties) {}
}
