package io.relstream.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as JSON to one topic, keyed by a function of the record. A record that maps to a
 * null payload is written with a null value: a tombstone on a compacted topic.
 */
final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Object> payload;
  private transient ObjectMapper mapper;

  JsonRecordSerializer(String topic, SerializableFunction<T, String> key, SerializableFunction<T, Object> payload) {
    this.topic = topic;
    this.key = key;
    this.payload = payload;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    // NaN (the accuracy of a batch without class targets) is written as the string "NaN", which
    // strict JSON parsers accept, instead of a bare NaN token, which they reject.
    mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
    String messageKey = key.apply(record);
    Object body = payload.apply(record);
    byte[] keyBytes = messageKey == null ? null : messageKey.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] value = body == null ? null : mapper.writeValueAsBytes(body);
      return new ProducerRecord<>(topic, keyBytes, value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a record for topic " + topic + " as JSON", e);
    }
  }

  /** A function that Flink can ship to task managers. */
  interface SerializableFunction<A, B> extends Function<A, B>, java.io.Serializable {}
}
