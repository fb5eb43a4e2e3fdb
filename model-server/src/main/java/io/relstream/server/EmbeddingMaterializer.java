package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embeddings topic into the {@link EmbeddingStore} on its own thread. It resumes after
 * the offsets stored with the data, or reads each partition from its start when the store has none.
 * A null value (tombstone) deletes the entity. A record without a {@code table/key} key or without a
 * JSON object with a {@code vector} array is skipped, counted and logged, and reading goes on.
 */
final class EmbeddingMaterializer extends TopicFollower {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingMaterializer.class);

  private final EmbeddingStore store;
  private final DashboardSeries series;
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong lag = new AtomicLong(-1);
  private final AtomicLong lastEmitMillis = new AtomicLong(-1);

  EmbeddingMaterializer(EmbeddingStore store, DashboardSeries series, String bootstrapServers, String topic) {
    super(bootstrapServers, topic, "embeddings", LOG);
    this.store = store;
    this.series = series;
  }

  @Override
  void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) throws RocksDBException {
    for (TopicPartition partition : partitions) {
      OptionalLong next = store.nextOffset(topic(), partition.partition());
      if (next.isPresent()) {
        consumer.seek(partition, next.getAsLong());
        LOG.info("Resuming {} at offset {}", partition, next.getAsLong());
      } else {
        consumer.seekToBeginning(List.of(partition));
      }
    }
  }

  @Override
  void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records)
      throws RocksDBException {
    if (!records.isEmpty()) {
      apply(records);
    }
    updateLag(consumer);
  }

  private void apply(ConsumerRecords<byte[], byte[]> records) throws RocksDBException {
    try (EmbeddingStore.Batch batch = store.batch()) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        applyRecord(batch, record);
      }
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
        batch.offset(topic(), partition.partition(), ofPartition.get(ofPartition.size() - 1).offset() + 1);
      }
      batch.commit();
    }
  }

  private void applyRecord(EmbeddingStore.Batch batch, ConsumerRecord<byte[], byte[]> record) throws RocksDBException {
    String entity = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    int slash = entity == null ? -1 : entity.indexOf('/');
    if (slash <= 0 || slash == entity.length() - 1) {
      skip(record, "the key is not table/key: " + entity);
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
      skip(record, problem);
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

  private void updateLag(KafkaConsumer<byte[], byte[]> consumer) {
    long total = 0;
    for (TopicPartition partition : consumer.assignment()) {
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

  /** Returns the job's emit time of the latest stored embedding, or -1 before the first. */
  long lastEmitMillis() {
    return lastEmitMillis.get();
  }
}
