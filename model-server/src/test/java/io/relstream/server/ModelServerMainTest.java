package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Start-up errors of the command line; the environment defaults themselves run in ServerJarITCase. */
class ModelServerMainTest {
  @TempDir Path work;

  private static String run(String... args) {
    CommandLine commandLine = ModelServerMain.commandLine();
    StringWriter errors = new StringWriter();
    commandLine.setErr(new PrintWriter(errors));
    int exitCode = commandLine.execute(args);
    assertThat(exitCode).as("exit code, with %s", errors).isEqualTo(2);
    return errors.toString();
  }

  @Test
  void missingBootstrapServersIsNamed() {
    assumeTrue(System.getenv(ServerEnvironment.KAFKA_BOOTSTRAP_SERVERS) == null, "the variable is set here");

    assertThat(run("--data-dir", work.toString()))
        .contains("Missing Kafka bootstrap servers: pass --bootstrap-servers or set $RELSTREAM_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void missingDataDirectoryNamesOptionAndVariable() {
    assumeTrue(System.getenv(ServerEnvironment.DATA_DIR) == null, "the variable is set here");

    assertThat(run("--bootstrap-servers", "127.0.0.1:9092"))
        .contains("Missing data directory: pass --data-dir or set $RELSTREAM_DATA_DIR");
  }

  @Test
  void parentCommandIsReadButHidden() {
    CommandLine commandLine = ModelServerMain.commandLine();
    commandLine.parseArgs("--bootstrap-servers", "127.0.0.1:9092", "--parent-command", "relstream demo");
    ModelServerMain main = commandLine.getCommand();
    StringWriter help = new StringWriter();
    commandLine.usage(new PrintWriter(help));

    assertThat(main.parentCommand).isEqualTo("relstream demo");
    assertThat(help.toString()).doesNotContain("--parent-command");
  }

  @Test
  void blankParentCommandIsRejected() {
    assertThat(run("--bootstrap-servers", "127.0.0.1:9092", "--data-dir", work.toString(), "--parent-command", " "))
        .contains("Invalid --parent-command ' '");
  }

  @Test
  void invalidPortIsRejected() {
    assertThat(run("--bootstrap-servers", "127.0.0.1:9092", "--data-dir", work.toString(), "--port", "70000"))
        .contains("Invalid port 70000");
  }
}
