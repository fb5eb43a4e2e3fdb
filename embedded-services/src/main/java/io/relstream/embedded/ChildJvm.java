package io.relstream.embedded;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a Java process with the same Java installation as this JVM. Its output is appended to a
 * log file, so that no pipe buffer can fill up and block the child. It runs in the work directory,
 * because a JVM writes crash reports (hs_err_pid*.log) to its working directory.
 */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code jvmOptions} and {@code arguments} in {@code workDirectory},
   * appending its stdout and stderr to {@code outputFile}.
   */
  static Process start(String classpath, List<String> jvmOptions, String mainClass, List<String> arguments,
      Path workDirectory, Path outputFile) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    return new ProcessBuilder(command)
        .directory(workDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(outputFile.toFile()))
        .start();
  }

  /** Returns {@code bin/java} of the running JVM's installation. */
  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
