package io.relstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a one-partition topic from its beginning on a background thread and keeps every record,
 * in arrival order, with its JSON value parsed (null for a tombstone).
 */
final class TopicTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record of the topic. */
  record Entry(long offset, String key, JsonNode value) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  TopicTail(String bootstrapServers, String topic) {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    thread = new Thread(() -> read(properties, new TopicPartition(topic, 0)), "tail-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void read(Properties properties, TopicPartition partition) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      while (running.get()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
          entries.add(new Entry(record.offset(), record.key(), value));
        }
      }
    } catch (Exception e) {
      LOG.error("Reading topic {} failed", partition.topic(), e);
    }
  }

  /** Returns a copy of the records read so far. */
  List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  /** Returns the number of records read so far. */
  int size() {
    return entries.size();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
