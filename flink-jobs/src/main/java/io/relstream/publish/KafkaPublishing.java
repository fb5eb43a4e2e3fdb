package io.relstream.publish;

import io.relstream.graph.DeadLetter;
import io.relstream.modelstore.ModelVersionInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Builds the job's Kafka sinks with Flink's KafkaSink: embeddings (keyed by entity, tombstones for
 * deletes), training progress, dead letters and model version announcements, all as JSON.
 */
public final class KafkaPublishing {

  private KafkaPublishing() {}

  /** Builds the embeddings sink; the topic should be compacted so that it keeps each entity's latest. */
  public static KafkaSink<EmbeddingRecord> embeddingSink(PublishSettings settings) {
    return sink(settings, settings.embeddingsTopic(), new JsonRecordSerializer<EmbeddingRecord>(
        settings.embeddingsTopic(), EmbeddingRecord::entityId, KafkaPublishing::embeddingJson));
  }

  public static KafkaSink<TrainingProgress> progressSink(PublishSettings settings) {
    return sink(settings, settings.progressTopic(), new JsonRecordSerializer<TrainingProgress>(
        settings.progressTopic(), progress -> null, progress -> progress));
  }

  public static KafkaSink<DeadLetter> deadLetterSink(PublishSettings settings) {
    return sink(settings, settings.deadLetterTopic(), new JsonRecordSerializer<DeadLetter>(
        settings.deadLetterTopic(), letter -> letter.table() + "/" + letter.key(), letter -> letter));
  }

  /** Builds the sink that announces model versions, keyed by the version as a decimal string. */
  public static KafkaSink<ModelVersionInfo> modelVersionSink(PublishSettings settings) {
    return sink(settings, settings.modelVersionsTopic(), new JsonRecordSerializer<ModelVersionInfo>(
        settings.modelVersionsTopic(), info -> Long.toString(info.version()), KafkaPublishing::modelVersionJson));
  }

  /** Builds the passthrough job's sink, keyed by {@code table/key}, with the record's fields as JSON. */
  public static KafkaSink<PassthroughRecord> passthroughSink(PublishSettings settings, String topic) {
    return sink(settings, topic, new JsonRecordSerializer<PassthroughRecord>(
        topic, record -> record.table() + "/" + record.key(), record -> record));
  }

  static Object modelVersionJson(ModelVersionInfo info) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", info.version());
    json.put("step", info.step());
    json.put("createdAtMillis", info.createdAtMillis());
    json.put("location", info.location());
    json.put("manifest", info.manifest());
    return json;
  }

  static Object embeddingJson(EmbeddingRecord record) {
    if (record.isTombstone()) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", record.table());
    json.put("key", record.key());
    json.put("vector", record.vector());
    json.put("modelStep", record.modelStep());
    json.put("tokenizerVersion", record.tokenizerVersion());
    json.put("commitTimeMillis", record.commitTimeMillis());
    json.put("emitTimeMillis", record.emitTimeMillis());
    json.put("reembedding", record.reembedding());
    return json;
  }

  private static <T> KafkaSink<T> sink(PublishSettings settings, String topic,
      KafkaRecordSerializationSchema<T> serializer) {
    Properties producer = new Properties();
    // A short linger keeps single updates fast; batches still form under load.
    producer.setProperty("linger.ms", "5");
    producer.putAll(settings.producerProperties());
    if (settings.exactlyOnce()) {
      return exactlyOnce(settings, serializer, producer, topic);
    }
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(serializer)
        // NOTE: at-least-once: after a restore, embeddings since the last checkpoint are published
        // again. Consumers keep the latest per key, so duplicates are harmless on a compacted topic.
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(producer)
        .build();
  }

  /**
   * Builds a transactional sink: records become visible to read_committed consumers when the
   * checkpoint that covers them completes, so their latency includes up to one checkpoint interval.
   */
  private static <T> KafkaSink<T> exactlyOnce(PublishSettings settings, KafkaRecordSerializationSchema<T> serializer,
      Properties producer, String topic) {
    // Kafka brokers reject a transaction timeout above transaction.max.timeout.ms (15 min by
    // default), and the producer's default of 1 h in Flink's KafkaSink is above it.
    producer.putIfAbsent("transaction.timeout.ms", "600000");
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("relstream-" + topic)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
