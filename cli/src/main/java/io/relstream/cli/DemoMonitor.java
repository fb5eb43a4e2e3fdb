package io.relstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relstream.publish.PublishSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the embeddings and progress topics, as any consumer of the job would, and keeps the counts
 * the demo prints. Runs its consumer on its own thread; the getters are safe from any thread.
 */
final class DemoMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoMonitor.class);

  private final PublishSettings publish;
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final TreeMap<Long, Float> lossByStep = new TreeMap<>();
  private final List<Long> stepMillis = new ArrayList<>();
  private long embeddings;
  private long tombstones;
  private String latestEntity = "-";
  private long latestStep = -1;
  private float latestAccuracy;
  private final LagWindow lags = new LagWindow();

  DemoMonitor(PublishSettings publish) {
    this.publish = publish;
    this.thread = new Thread(this::consume, "demo-monitor");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void consume() {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, publish.bootstrapServers());
    properties.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "relstream-demo-" + System.nanoTime());
    properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(publish.embeddingsTopic(), publish.progressTopic()));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          accept(record);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Demo monitor stopped reading Kafka", e);
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (record.topic().equals(publish.progressTopic())) {
        JsonNode progress = mapper.readTree(record.value());
        synchronized (this) {
          lossByStep.put(progress.get("step").asLong(), (float) progress.get("loss").asDouble());
          latestAccuracy = (float) progress.get("maskedAccuracy").asDouble();
          stepMillis.add(progress.get("stepMillis").asLong());
        }
      } else if (record.value() == null) {
        synchronized (this) {
          tombstones++;
        }
      } else {
        JsonNode embedding = mapper.readTree(record.value());
        long arrival = System.currentTimeMillis();
        synchronized (this) {
          JsonNode commit = embedding.path("commitTimeMillis");
          // A re-embedding of an unchanged entity carries its last change's commit, which can be hours old.
          if (commit.canConvertToLong() && !embedding.path("reembedding").asBoolean(false)) {
            lags.add(arrival, arrival - commit.asLong());
          }
          embeddings++;
          latestEntity = new String(record.key(), StandardCharsets.UTF_8);
          latestStep = embedding.get("modelStep").asLong();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Skipping an unreadable record of topic {} at offset {}", record.topic(), record.offset(), e);
    }
  }

  synchronized long embeddings() {
    return embeddings;
  }

  synchronized long tombstones() {
    return tombstones;
  }

  synchronized String latestEntity() {
    return latestEntity;
  }

  synchronized long latestEmbeddingStep() {
    return latestStep;
  }

  /** Returns a commit-to-arrival lag percentile over the last minute, in milliseconds, or -1 without samples. */
  synchronized long lagPercentile(double quantile) {
    return lags.percentile(System.currentTimeMillis(), quantile);
  }

  synchronized float latestAccuracy() {
    return latestAccuracy;
  }

  /** Returns the losses in step order. */
  synchronized List<Float> losses() {
    return new ArrayList<>(lossByStep.values());
  }

  /** Returns the wall time of each training step, in arrival order. */
  synchronized List<Long> stepMillis() {
    return new ArrayList<>(stepMillis);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
