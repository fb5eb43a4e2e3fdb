package io.relstream.publish;

import io.relstream.graph.DeadLetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Builds the job's Kafka sinks with Flink's KafkaSink: embeddings (keyed by entity, tombstones for
 * deletes), training progress and dead letters, all as JSON.
 */
public final class KafkaPublishing {

  private KafkaPublishing() {}

  /** Builds the embeddings sink; the topic should be compacted so that it keeps each entity's latest. */
  public static KafkaSink<EmbeddingRecord> embeddingSink(PublishSettings settings) {
    return sink(settings, new JsonRecordSerializer<EmbeddingRecord>(
        settings.embeddingsTopic(), EmbeddingRecord::entityId, KafkaPublishing::embeddingJson));
  }

  public static KafkaSink<TrainingProgress> progressSink(PublishSettings settings) {
    return sink(settings, new JsonRecordSerializer<TrainingProgress>(
        settings.progressTopic(), progress -> null, progress -> progress));
  }

  public static KafkaSink<DeadLetter> deadLetterSink(PublishSettings settings) {
    return sink(settings, new JsonRecordSerializer<DeadLetter>(
        settings.deadLetterTopic(), letter -> letter.table() + "/" + letter.key(), letter -> letter));
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
    json.put("commitTimeMillis", record.commitTimeMillis());
    json.put("emitTimeMillis", record.emitTimeMillis());
    return json;
  }

  private static <T> KafkaSink<T> sink(PublishSettings settings, KafkaRecordSerializationSchema<T> serializer) {
    Properties producer = new Properties();
    // A short linger keeps single updates fast; batches still form under load.
    producer.setProperty("linger.ms", "5");
    producer.putAll(settings.producerProperties());
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(serializer)
        // NOTE: at-least-once: after a restore, embeddings since the last checkpoint are published
        // again. Consumers keep the latest per key, so duplicates are harmless on a compacted topic.
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
