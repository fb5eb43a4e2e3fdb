package io.relstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

  @TempDir Path directory;

  @Test
  void serverPropertiesDescribeSingleNodeKraft() throws IOException {
    Properties properties = load(BrokerConfig.writeServerProperties(directory, 19092, 19093));

    assertThat(properties.getProperty("process.roles")).isEqualTo("broker,controller");
    assertThat(properties.getProperty("node.id")).isEqualTo("1");
    assertThat(properties.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:19093");
    assertThat(properties.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    assertThat(properties.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
    assertThat(properties.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
    assertThat(properties.getProperty("listener.security.protocol.map"))
        .isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    assertThat(properties.getProperty("log.dirs")).isEqualTo(directory.resolve("kafka-data").toString());
    assertThat(properties.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(properties.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
    assertThat(properties.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
    assertThat(properties.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    assertThat(properties.getProperty("auto.create.topics.enable")).isEqualTo("true");
  }

  @Test
  void log4jConfigWritesBrokerLogInWorkDirectory() throws IOException {
    Properties properties = load(BrokerConfig.writeLog4jConfig(directory));

    assertThat(properties.getProperty("appender.file.fileName")).isEqualTo(directory.resolve("broker.log").toString());
    assertThat(properties.getProperty("rootLogger.appenderRef.console.level")).isEqualTo("WARN");
  }

  @Test
  void backslashesInPathsSurviveLoading() throws IOException {
    Path directoryWithBackslash = Files.createDirectories(directory.resolve("a\\b"));

    Properties properties = load(BrokerConfig.writeServerProperties(directoryWithBackslash, 1, 2));

    assertThat(properties.getProperty("log.dirs")).isEqualTo(directoryWithBackslash.resolve("kafka-data").toString());
  }

  @Test
  void clusterIdIsBase64OfSixteenBytes() {
    for (int i = 0; i < 200; i++) {
      String id = BrokerConfig.newClusterId();

      assertThat(id).hasSize(22).doesNotStartWith("-");
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }
}
