package io.relstream.cluster;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and stopping the child JVMs of a test cluster, and the files they need. */
final class ChildProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private ChildProcesses() {}

  /**
   * Starts {@code java} of this JVM's installation with the given options, class path, main class
   * and arguments, in {@code workDirectory}, appending stdout and stderr to {@code outputFile}.
   */
  static Process startJava(List<String> jvmOptions, String classpath, String mainClass, List<String> arguments,
      Map<String, String> environment, Path workDirectory, Path outputFile) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(outputFile.toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** Asks the process to exit, and kills it when it still runs after 15 s. */
  static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (waitFor(process, STOP_TIMEOUT)) {
      return;
    }
    LOG.warn("Process {} did not exit within {} of a termination request; killing it", process.pid(), STOP_TIMEOUT);
    process.destroyForcibly();
    if (!waitFor(process, STOP_TIMEOUT)) {
      LOG.error("Process {} still runs {} after it was killed", process.pid(), STOP_TIMEOUT);
    }
  }

  static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns the class path stored in the file that the system property names. */
  static String classpathFromProperty(String property) throws IOException {
    String file = System.getProperty(property);
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException("Missing class path file " + file + " (system property " + property
          + "); build the flink-cluster module first");
    }
    return Files.readString(Path.of(file)).strip();
  }

  /** Returns {@code count} ports that were free on 127.0.0.1 a moment ago. */
  static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
    return ports;
  }

  /** Returns the last {@code lines} lines of a log file, or a note when it cannot be read. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
