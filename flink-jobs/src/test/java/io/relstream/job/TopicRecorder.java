package io.relstream.job;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Records every message of some topics from the beginning, on a background thread, for assertions. */
final class TopicRecorder implements AutoCloseable {
  private final ConcurrentLinkedQueue<Message> messages = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /** A recorded message; {@code value} is null for a tombstone. */
  record Message(String topic, String key, String value) {}

  TopicRecorder(String bootstrapServers, List<String> topics) {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + System.nanoTime());
    properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    thread = new Thread(() -> consume(properties, topics), "topic-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume(Properties properties, List<String> topics) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(topics);
      while (running.get()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          messages.add(new Message(record.topic(), record.key(), record.value()));
        }
      }
    }
  }

  List<Message> messages(String topic) {
    return messages.stream().filter(m -> m.topic().equals(topic)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
