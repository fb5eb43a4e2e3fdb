package io.relstream.server;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka consumers of the server: no consumer group, because the server keeps its own offsets. */
final class KafkaReaders {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReaders.class);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

  private KafkaReaders() {}

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String clientId) {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A stored offset past the log's end (the topic was recreated) starts the partition over.
    properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Reading must not create the job's topics with broker defaults; the job creates them.
    properties.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Returns the topic's partitions, waiting while the topic does not exist yet.
   *
   * @return the partitions, or an empty list when {@code running} turned false first
   */
  static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, BooleanSupplier running)
      throws InterruptedException {
    boolean reported = false;
    while (running.getAsBoolean()) {
      try {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (partitions != null && !partitions.isEmpty()) {
          return partitions.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        }
        if (!reported) {
          LOG.info("Topic {} does not exist yet; checking again every {} ms", topic, TOPIC_RETRY.toMillis());
          reported = true;
        }
      } catch (TimeoutException e) {
        LOG.warn("Reading the partitions of topic {} timed out; is Kafka reachable? Trying again", topic, e);
      }
      Thread.sleep(TOPIC_RETRY.toMillis()); // Polling for the topic's creation, because Kafka sends no notification of it.
    }
    return List.of();
  }
}
