package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class KafkaBrokerProcessITCase {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcessITCase.class);

  @TempDir Path workDirectory;

  @Test
  void brokerServesTopicsProduceAndConsume() throws Exception {
    long startNanos = System.nanoTime();
    KafkaBrokerProcess broker = KafkaBrokerProcess.start(workDirectory);
    LOG.info("KafkaBrokerProcess.start took {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    try {
      assertThat(broker.isAlive()).isTrue();
      assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(portAcceptsConnections(broker)).isTrue();

      List<String> output = runSmokeClient(broker.bootstrapServers(), "relstream-smoke", "hello relstream");

      assertThat(output).anySatisfy(line -> assertThat(line).startsWith("TOPICS: ").contains("relstream-smoke"));
      assertThat(output).contains("PRODUCED: 0");
      assertThat(output).contains("CONSUMED: hello relstream");
    } finally {
      broker.close();
    }

    assertThat(broker.isAlive()).isFalse();
    assertThat(workDirectory.resolve("kafka-data")).doesNotExist();
    assertThat(workDirectory.resolve("tmp")).doesNotExist();
    assertThat(workDirectory.resolve("server.properties")).isRegularFile();
    assertThat(workDirectory.resolve("broker.out")).isRegularFile();
  }

  @Test
  void startWithoutDirectoryDeletesTemporaryDirectory() throws Exception {
    Path temporaryWorkDirectory;
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
      temporaryWorkDirectory = broker.workDirectory();
      assertThat(temporaryWorkDirectory.getFileName().toString()).startsWith("relstream-kafka-");
      assertThat(temporaryWorkDirectory.resolve("kafka-data")).isDirectory();
    }

    assertThat(temporaryWorkDirectory).doesNotExist();
  }

  @Test
  void startReportsFailedChildJvm() throws Exception {
    // A class path without Kafka makes the storage format step fail with ClassNotFoundException.
    Path slf4jOnly = Path.of(Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path classpathFile = Files.writeString(workDirectory.resolve("broken.classpath"), slf4jOnly.toString());

    assertThatThrownBy(() -> KafkaBrokerProcess.start(workDirectory.resolve("broker"), classpathFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Formatting the Kafka storage failed with exit code 1")
        .hasMessageContaining("kafka.tools.StorageTool");
  }

  private static boolean portAcceptsConnections(KafkaBrokerProcess broker) throws IOException {
    int port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return socket.isConnected();
    }
  }

  /**
   * Runs KafkaSmokeClient.java with the single-file source launcher in a child JVM that has the
   * broker's class path, which contains the Kafka 4 client, and returns its output lines.
   */
  private List<String> runSmokeClient(String bootstrapServers, String topic, String value) throws Exception {
    Path classpathFile = BrokerClasspath.fileFromSystemProperty(KafkaBrokerProcess.CLASSPATH_FILE_PROPERTY);
    String classpath = BrokerClasspath.read(classpathFile, KafkaBrokerProcess.CLASSPATH_FILE_PROPERTY);
    Path source = Path.of(getClass().getResource("/kafka-smoke-client/KafkaSmokeClient.java").toURI());
    Path output = workDirectory.resolve("smoke-client.out");

    // The single-file source launcher accepts a .java file in place of the main class.
    Process client = ChildJvm.start(
        classpath, List.of("-Dlog4j2.level=WARN"), source.toString(), List.of(bootstrapServers, topic, value),
        workDirectory, output);
    boolean exited = client.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      client.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(output);
    assertThat(exited).as("smoke client exited within 120 s; output: %s", lines).isTrue();
    assertThat(client.exitValue()).as("smoke client exit code; output: %s", lines).isZero();
    return lines;
  }
}
