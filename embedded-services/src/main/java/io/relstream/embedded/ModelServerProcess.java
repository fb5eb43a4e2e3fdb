package io.relstream.embedded;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server (module model-server) in a child JVM on 127.0.0.1. It runs apart because its
 * RocksDB library, rocksdbjni, shares the {@code org.rocksdb} package with the frocksdbjni inside
 * Flink's state backend. The class path comes from {@code model-server/target/server.classpath}
 * and the module's jar beside it, both written by {@code mvn package}.
 *
 * <p>When this JVM exits without calling {@link #close()}, a shutdown hook stops the child.
 */
public final class ModelServerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServerProcess.class);

  /** System property that names the class path file, {@code model-server/target/server.classpath}. */
  public static final String CLASSPATH_FILE_PROPERTY = "relstream.model-server.classpath.file";

  static final String OUTPUT_FILE = "model-server.out";
  private static final String MAIN_CLASS = "io.relstream.server.ModelServerMain";
  private static final Pattern ADDRESS_LINE = Pattern.compile("^model server: (http://\\S+)$", Pattern.MULTILINE);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String HOW_TO_CREATE = "Run `mvn package` for the model-server module first.";

  private final Process process;
  private final String address;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ModelServerProcess(Process process, String address) {
    this.process = process;
    this.address = address;
    this.shutdownHook = new Thread(this::close, "model-server-" + process.pid() + "-shutdown");
  }

  /**
   * Starts a model server that reads the topics of {@code bootstrapServers}, keeps its store under
   * {@code workDirectory} and listens on {@code port} (0 for any free port). Returns once
   * {@code /health} responds with 200. The child inherits this process's environment, its admin
   * token included, and its 403 for admin calls names {@code parentCommand} as the command to restart.
   */
  public static ModelServerProcess start(Path workDirectory, String bootstrapServers, int port, String parentCommand)
      throws IOException {
    String classpath = classpath(classpathFile());
    Path directory = workDirectory.toAbsolutePath();
    Files.createDirectories(directory);
    Path output = directory.resolve(OUTPUT_FILE);
    List<String> arguments = arguments(directory, bootstrapServers, port, parentCommand);
    Process process = ChildJvm.start(classpath, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), MAIN_CLASS,
        arguments, directory, output);
    try {
      String address = awaitAddress(process, output);
      awaitHealth(process, address, output);
      ModelServerProcess server = new ModelServerProcess(process, address);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      LOG.info("Started the model server at {} (pid {})", address, process.pid());
      return server;
    } catch (IOException | RuntimeException e) {
      stop(process);
      throw e;
    }
  }

  /** Returns the model server's command-line arguments. */
  static List<String> arguments(Path directory, String bootstrapServers, int port, String parentCommand) {
    return List.of("--host", EmbeddedHosts.LOOPBACK, "--port", Integer.toString(port),
        "--bootstrap-servers", bootstrapServers, "--data-dir", directory.resolve("store").toString(),
        "--parent-command", parentCommand);
  }

  /** Returns the base URL, {@code http://127.0.0.1:PORT}. */
  public String address() {
    return address;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private static Path classpathFile() {
    String value = System.getProperty(CLASSPATH_FILE_PROPERTY);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + CLASSPATH_FILE_PROPERTY
          + " is not set. It must name model-server/target/server.classpath. " + HOW_TO_CREATE);
    }
    return Path.of(value);
  }

  private static String classpath(Path classpathFile) throws IOException {
    if (!Files.isRegularFile(classpathFile)) {
      throw new IOException("Model server class path file not found: " + classpathFile.toAbsolutePath() + ". " + HOW_TO_CREATE);
    }
    List<String> entries = new ArrayList<>();
    entries.add(moduleJar(classpathFile.getParent()).toString());
    for (String entry : Files.readString(classpathFile, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new IOException("Model server class path file " + classpathFile + " names a missing jar: " + entry
            + ". " + HOW_TO_CREATE);
      }
      entries.add(entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path moduleJar(Path targetDirectory) throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(targetDirectory, "relstream-model-server-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")) {
          return jar;
        }
      }
    }
    throw new IOException("No model server jar in " + targetDirectory + ". " + HOW_TO_CREATE);
  }

  /** Reads the address that the server prints once it listens, because with port 0 only the child can tell it. */
  private static String awaitAddress(Process process, Path output) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(output)) {
        Matcher matcher = ADDRESS_LINE.matcher(Files.readString(output, StandardCharsets.UTF_8));
        if (matcher.find()) {
          return matcher.group(1);
        }
      }
      if (!process.isAlive()) {
        throw startFailure("exited with code " + process.exitValue(), output);
      }
      pause();
    }
    throw startFailure("printed no address within " + START_TIMEOUT, output);
  }

  private static void awaitHealth(Process process, String address, Path output) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        LOG.debug("The model server at {} does not answer yet", address, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for the model server", e);
      }
      pause();
    }
    throw startFailure("did not report healthy at " + address + "/health within " + START_TIMEOUT, output);
  }

  private static IOException startFailure(String what, Path output) {
    return new IOException("The model server " + what + ". Last lines of " + output + ":" + System.lineSeparator()
        + WorkFiles.tail(output, 40));
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(200); // Polling the child's output and health, because it sends no signal when it is ready.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting the model server", e);
    }
  }

  /** Stops the server, waiting up to 10 s for its clean shutdown before killing it. Later calls do nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down. This call may come from the hook itself.
    }
    stop(process);
    LOG.info("Stopped the model server (pid {})", process.pid());
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Model server process {} did not exit within {}; killing it", process.pid(), STOP_TIMEOUT);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
