package io.relstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the model-version topic from its start on every server start and keeps {@link ModelVersions}
 * up to date on its own thread. The key is the version as a decimal string and the value the
 * version's JSON; a null value removes the version. Unreadable records are skipped, counted and logged.
 */
final class ModelVersionFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelVersionFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final ModelVersions versions;
  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ObjectMapper mapper = new ObjectMapper();
  private final SkipLog skips = new SkipLog(LOG);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile boolean failed;

  ModelVersionFollower(ModelVersions versions, String bootstrapServers, String topic) {
    this.versions = versions;
    this.topic = topic;
    this.consumer = KafkaReaders.consumer(bootstrapServers, "relstream-model-server-versions");
    this.thread = new Thread(this::run, "model-version-follower");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = KafkaReaders.awaitPartitions(consumer, topic, running::get);
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      LOG.info("Following model versions on topic {}", topic);
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          accept(record);
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer up to stop it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failed = true;
      LOG.error("Following topic {} stopped", topic, e);
    } finally {
      consumer.close();
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    long version;
    try {
      version = Long.parseLong(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8).trim());
    } catch (NumberFormatException e) {
      skips.skip(topic, record.partition(), record.offset(), "the key is not a decimal version number");
      return;
    }
    if (record.value() == null) {
      versions.remove(version);
      LOG.info("Model version {} was removed", version);
      return;
    }
    try {
      ModelVersion parsed = ModelVersion.fromJson(version, mapper.readTree(record.value()));
      versions.put(parsed);
      LOG.info("Model version {} (step {}) is available at {}", version, parsed.step(), parsed.location());
    } catch (IOException e) {
      skips.skip(topic, record.partition(), record.offset(), "the value is not valid JSON: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      skips.skip(topic, record.partition(), record.offset(), e.getMessage());
    }
  }

  long skipped() {
    return skips.count();
  }

  boolean isRunning() {
    return thread.isAlive() && !failed;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
