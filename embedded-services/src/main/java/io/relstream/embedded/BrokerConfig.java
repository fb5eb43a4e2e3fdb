package io.relstream.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the configuration files of a single-node KRaft Kafka broker (combined broker and
 * controller) into its work directory.
 */
final class BrokerConfig {

  static final String SERVER_PROPERTIES = "server.properties";
  static final String LOG4J_PROPERTIES = "log4j2.properties";
  static final String BROKER_LOG = "broker.log";
  static final String DATA_DIRECTORY = "kafka-data";

  private BrokerConfig() {}

  /** Writes {@code server.properties} for a broker on {@code port} and its controller on {@code controllerPort}. */
  static Path writeServerProperties(Path workDirectory, int port, int controllerPort) throws IOException {
    String host = EmbeddedHosts.LOOPBACK;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", "1");
    // Kafka 4 dynamic quorum: the storage is formatted with --standalone, which makes this node the only voter.
    settings.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
    settings.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("log.dirs", workDirectory.resolve(DATA_DIRECTORY).toAbsolutePath().toString());
    settings.put("num.partitions", "1");
    settings.put("auto.create.topics.enable", "true");
    settings.put("group.initial.rebalance.delay.ms", "0");
    // One node cannot hold more replicas. One partition per internal topic, instead of the default 50,
    // makes the first consumer group and the first transaction start faster.
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("offsets.topic.num.partitions", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("transaction.state.log.num.partitions", "1");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    // Flink's KafkaSink (flink-connector-kafka 3.4.0-1.20) sets transaction.timeout.ms to 1 hour by default.
    // The broker rejects producers whose timeout is above this maximum, which defaults to 15 minutes.
    settings.put("transaction.max.timeout.ms", "3600000");
    settings.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    return write(workDirectory.resolve(SERVER_PROPERTIES), settings);
  }

  /** Writes a Log4j 2 configuration that logs INFO to {@code broker.log} and WARN to the console. */
  static Path writeLog4jConfig(Path workDirectory) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("status", "warn");
    settings.put("appender.file.type", "File");
    settings.put("appender.file.name", "BrokerLog");
    settings.put("appender.file.fileName", workDirectory.resolve(BROKER_LOG).toAbsolutePath().toString());
    settings.put("appender.file.layout.type", "PatternLayout");
    settings.put("appender.file.layout.pattern", "[%d] %p %m (%c)%n");
    settings.put("appender.console.type", "Console");
    settings.put("appender.console.name", "Console");
    settings.put("appender.console.layout.type", "PatternLayout");
    settings.put("appender.console.layout.pattern", "[%d] %p %m (%c)%n");
    settings.put("rootLogger.level", "INFO");
    settings.put("rootLogger.appenderRef.file.ref", "BrokerLog");
    settings.put("rootLogger.appenderRef.console.ref", "Console");
    settings.put("rootLogger.appenderRef.console.level", "WARN");
    return write(workDirectory.resolve(LOG4J_PROPERTIES), settings);
  }

  /**
   * Returns a new cluster id in Kafka's format: 16 random bytes, Base64 URL-encoded without
   * padding. Like Kafka's own Uuid.randomUuid(), it never starts with '-', which command-line
   * parsers would take for an option.
   */
  static String newClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits());
      bytes.putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private static Path write(Path file, Map<String, String> settings) throws IOException {
    StringBuilder text = new StringBuilder("# Written by ").append(BrokerConfig.class.getName()).append('\n');
    settings.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Escapes backslashes, which java.util.Properties would read as escape characters, for example in Windows paths. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }
}
