package io.relstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records when each embedding arrives at a consumer of the embeddings topic, for the benchmark's
 * commit-to-embedding latency. It reads the passthrough job's copies the same way; they have no
 * model step, which it records as -1. Runs its consumer on its own thread; the getters are thread-safe.
 */
final class EmbeddingArrivals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingArrivals.class);

  /** One embedding as the consumer saw it. */
  record Arrival(String entity, long commitTimeMillis, long receivedMillis, long modelStep) {}

  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Thread thread;

  EmbeddingArrivals(String bootstrapServers, String topic) {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "relstream-benchmark-" + System.nanoTime());
    properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    // With the exactly-once sinks, a record counts as arrived when its transaction commits.
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    thread = new Thread(() -> consume(properties, topic), "embedding-arrivals");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume(Properties properties, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (running.get()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
          long received = System.currentTimeMillis();
          if (record.value() != null) {
            add(record, received);
          }
        }
      }
    }
  }

  private void add(ConsumerRecord<String, String> record, long received) {
    try {
      JsonNode json = mapper.readTree(record.value());
      if (json.path("reembedding").asBoolean(false)) {
        // A re-embedding follows no change, so it has no commit-to-embedding latency to measure.
        return;
      }
      synchronized (arrivals) {
        arrivals.add(new Arrival(record.key(), json.get("commitTimeMillis").asLong(), received,
            json.path("modelStep").asLong(-1)));
      }
    } catch (IOException e) {
      LOG.warn("Skipping an unreadable embedding at offset {}", record.offset(), e);
    }
  }

  int count() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  /** Returns the arrivals of an entity committed at or after a time, oldest first. */
  List<Arrival> of(String entity, long committedSince) {
    synchronized (arrivals) {
      return arrivals.stream()
          .filter(a -> a.entity().equals(entity) && a.commitTimeMillis() >= committedSince)
          .toList();
    }
  }

  /** Returns the arrivals of a table's entities committed at or after a time, in arrival order. */
  List<Arrival> ofTable(String table, long committedSince) {
    String prefix = table + "/";
    synchronized (arrivals) {
      return arrivals.stream()
          .filter(a -> a.entity() != null && a.entity().startsWith(prefix) && a.commitTimeMillis() >= committedSince)
          .toList();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
