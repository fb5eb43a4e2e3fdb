package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embeddings topic into the {@link EmbeddingStore} on its own thread. It resumes after
 * the offsets stored with the data, or reads each partition from its start when the store has none.
 * A null value (tombstone) deletes the entity. A record without a {@code table/key} key or without a
 * JSON object with a {@code vector} array is skipped, counted and logged, and reading goes on.
 */
final class EmbeddingMaterializer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingMaterializer.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final EmbeddingStore store;
  private final DashboardSeries series;
  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ObjectMapper mapper = new ObjectMapper();
  private final SkipLog skips = new SkipLog(LOG);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong lag = new AtomicLong(-1);
  private final AtomicLong lastEmitMillis = new AtomicLong(-1);
  private final Thread thread;
  private volatile boolean failed;

  EmbeddingMaterializer(EmbeddingStore store, DashboardSeries series, String bootstrapServers, String topic) {
    this.store = store;
    this.series = series;
    this.topic = topic;
    this.consumer = KafkaReaders.consumer(bootstrapServers, "relstream-model-server-embeddings");
    this.thread = new Thread(this::run, "embedding-materializer");
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
      // NOTE: the partitions are listed once at start; partitions added to the topic later are read
      // only after a restart.
      consumer.assign(partitions);
      seekToStoredOffsets(partitions);
      LOG.info("Materializing topic {} ({} partitions) into the store", topic, partitions.size());
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          apply(records, partitions);
        }
        updateLag(partitions);
      }
    } catch (WakeupException e) {
      // close() woke the consumer up to stop it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RocksDBException | RuntimeException e) {
      failed = true;
      LOG.error("Materializing topic {} stopped after {} records", topic, applied.get(), e);
    } finally {
      consumer.close();
    }
  }

  private void seekToStoredOffsets(List<TopicPartition> partitions) throws RocksDBException {
    for (TopicPartition partition : partitions) {
      OptionalLong next = store.nextOffset(topic, partition.partition());
      if (next.isPresent()) {
        consumer.seek(partition, next.getAsLong());
        LOG.info("Resuming {} at offset {}", partition, next.getAsLong());
      } else {
        consumer.seekToBeginning(List.of(partition));
      }
    }
  }

  private void apply(ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) throws RocksDBException {
    try (EmbeddingStore.Batch batch = store.batch()) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        applyRecord(batch, record);
      }
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
        batch.offset(topic, partition.partition(), ofPartition.get(ofPartition.size() - 1).offset() + 1);
      }
      batch.commit();
    }
  }

  private void applyRecord(EmbeddingStore.Batch batch, ConsumerRecord<byte[], byte[]> record) throws RocksDBException {
    String entity = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    int slash = entity == null ? -1 : entity.indexOf('/');
    if (slash <= 0 || slash == entity.length() - 1) {
      skips.skip(topic, record.partition(), record.offset(), "the key is not table/key: " + entity);
      return;
    }
    String table = entity.substring(0, slash);
    String key = entity.substring(slash + 1);
    if (record.value() == null) {
      batch.delete(table, key);
      deleted.incrementAndGet();
      return;
    }
    String problem = checkEmbedding(record.value());
    if (problem != null) {
      skips.skip(topic, record.partition(), record.offset(), problem);
      return;
    }
    batch.put(table, key, record.value());
    applied.incrementAndGet();
  }

  /** Returns what is wrong with an embedding's JSON, or null when it is usable. */
  private String checkEmbedding(byte[] value) {
    try {
      JsonNode json = mapper.readTree(value);
      if (json == null || !json.isObject() || !json.path("vector").isArray()) {
        return "the value is no JSON object with a vector array";
      }
      JsonNode emit = json.path("emitTimeMillis");
      if (emit.canConvertToLong()) {
        lastEmitMillis.set(emit.asLong());
      }
      JsonNode commit = json.path("commitTimeMillis");
      if (commit.canConvertToLong()) {
        series.addFreshness(commit.asLong(), System.currentTimeMillis());
      }
      return null;
    } catch (IOException e) {
      return "the value is not valid JSON: " + e.getMessage();
    }
  }

  private void updateLag(List<TopicPartition> partitions) {
    long total = 0;
    for (TopicPartition partition : partitions) {
      OptionalLong partitionLag = consumer.currentLag(partition);
      if (partitionLag.isEmpty()) {
        return;
      }
      total += partitionLag.getAsLong();
    }
    lag.set(total);
  }

  /** Returns the records behind the log end over all partitions, or -1 before the first poll tells. */
  long lag() {
    return lag.get();
  }

  long applied() {
    return applied.get();
  }

  long deleted() {
    return deleted.get();
  }

  long skipped() {
    return skips.count();
  }

  /** Returns the job's emit time of the latest stored embedding, or -1 before the first. */
  long lastEmitMillis() {
    return lastEmitMillis.get();
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
