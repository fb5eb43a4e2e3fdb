package io.relstream.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import io.relstream.modelstore.ModelVersionInfo;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The JSON records the job writes to Kafka. */
class KafkaPublishingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void embeddingIsKeyedByEntity() throws Exception {
    ProducerRecord<byte[], byte[]> record = serialize(
        new EmbeddingRecord("drivers", "1", new float[] {0.5f, -1f}, 7, 3, 100, 200));

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("drivers/1");
    JsonNode json = JSON.readTree(record.value());
    assertThat(json.get("vector").get(1).asDouble()).isEqualTo(-1.0);
    assertThat(json.get("modelStep").asLong()).isEqualTo(7);
    assertThat(json.get("tokenizerVersion").asLong()).isEqualTo(3);
    assertThat(json.get("commitTimeMillis").asLong()).isEqualTo(100);
  }

  @Test
  void modelVersionIsKeyedByVersion() throws Exception {
    JsonRecordSerializer<ModelVersionInfo> serializer = new JsonRecordSerializer<>("versions",
        info -> Long.toString(info.version()), KafkaPublishing::modelVersionJson);
    serializer.open(null, null);
    ModelVersionInfo info = new ModelVersionInfo(12, 3400, 1_700_000_000_000L, "file:/models/00000012",
        "file:/models/00000012/manifest.json");

    ProducerRecord<byte[], byte[]> record = serializer.serialize(info, null, null);

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("12");
    JsonNode json = JSON.readTree(record.value());
    assertThat(json.get("version").asLong()).isEqualTo(12);
    assertThat(json.get("step").asLong()).isEqualTo(3400);
    assertThat(json.get("createdAtMillis").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(json.get("location").asText()).isEqualTo("file:/models/00000012");
    assertThat(json.get("manifest").asText()).isEqualTo("file:/models/00000012/manifest.json");
  }

  @Test
  void deletionIsTombstone() {
    ProducerRecord<byte[], byte[]> record = serialize(new EmbeddingRecord("results", "3", null, -1, -1, 100, 200));

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("results/3");
    assertThat(record.value()).isNull();
  }

  @Test
  void nanProgressStaysValidJson() throws Exception {
    JsonRecordSerializer<TrainingProgress> serializer = new JsonRecordSerializer<>("progress", p -> null, p -> p);
    serializer.open(null, null);
    ProducerRecord<byte[], byte[]> record =
        serializer.serialize(new TrainingProgress(3, 1.5f, Float.NaN, 64, 10, 20, 300), null, null);

    JsonNode json = JSON.readTree(record.value());
    assertThat(json.get("maskedAccuracy").asDouble()).isNaN();
    assertThat(json.get("loss").asDouble()).isEqualTo(1.5);
  }

  private static ProducerRecord<byte[], byte[]> serialize(EmbeddingRecord record) {
    PublishSettings settings = new PublishSettings("127.0.0.1:9092", "embeddings", "progress", "dead", "versions", Map.of());
    JsonRecordSerializer<EmbeddingRecord> serializer = new JsonRecordSerializer<>(
        settings.embeddingsTopic(), EmbeddingRecord::entityId, KafkaPublishing::embeddingJson);
    serializer.open(null, null);
    return serializer.serialize(record, null, null);
  }
}
