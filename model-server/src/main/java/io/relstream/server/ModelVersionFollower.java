package io.relstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the model-version topic from its start on every server start and keeps {@link ModelVersions}
 * up to date. The key is the version as a decimal string and the value the version's JSON. A null
 * value removes the version. Unreadable records are skipped, counted and logged.
 */
final class ModelVersionFollower extends WholeTopicFollower {
  private static final Logger LOG = LoggerFactory.getLogger(ModelVersionFollower.class);

  private final ModelVersions versions;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Runnable onChange;

  /** Calls {@code onChange} after each record that adds, replaces or removes a version. */
  ModelVersionFollower(ModelVersions versions, String bootstrapServers, String topic, Runnable onChange) {
    super(bootstrapServers, topic, "model-versions", LOG);
    this.versions = versions;
    this.onChange = onChange;
  }

  @Override
  void accept(ConsumerRecord<byte[], byte[]> record) {
    long version;
    try {
      version = Long.parseLong(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8).trim());
    } catch (NumberFormatException e) {
      skip(record, "the key is not a decimal version number");
      return;
    }
    if (record.value() == null) {
      versions.remove(version);
      LOG.info("Model version {} was removed", version);
      onChange.run();
      return;
    }
    try {
      ModelVersion parsed = ModelVersion.fromJson(version, mapper.readTree(record.value()));
      versions.put(parsed);
      LOG.info("Model version {} (step {}) is available at {}", version, parsed.step(), parsed.location());
      onChange.run();
    } catch (IOException e) {
      skip(record, "the value is not valid JSON: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      skip(record, e.getMessage());
    }
  }
}
