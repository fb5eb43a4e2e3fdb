package io.relstream.publish;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka destinations of the job.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param embeddingsTopic compacted topic of entity embeddings
 * @param progressTopic topic of training progress records
 * @param deadLetterTopic topic of changes the job could not use
 * @param modelVersionsTopic topic that announces model versions
 * @param producerOverrides extra Kafka producer properties, for example security settings
 * @param exactlyOnce whether the sinks write in Kafka transactions that commit with checkpoints
 */
public record PublishSettings(
    String bootstrapServers,
    String embeddingsTopic,
    String progressTopic,
    String deadLetterTopic,
    String modelVersionsTopic,
    Map<String, String> producerOverrides,
    boolean exactlyOnce)
    implements Serializable {

  public PublishSettings {
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /** Creates at-least-once destinations. */
  public PublishSettings(String bootstrapServers, String embeddingsTopic, String progressTopic, String deadLetterTopic,
      String modelVersionsTopic, Map<String, String> producerOverrides) {
    this(bootstrapServers, embeddingsTopic, progressTopic, deadLetterTopic, modelVersionsTopic, producerOverrides,
        false);
  }

  /**
   * Returns these destinations with Kafka transactions when {@code exactlyOnce} is true: records
   * become visible to read_committed consumers when the checkpoint that covers them completes.
   */
  public PublishSettings withExactlyOnce(boolean exactlyOnce) {
    return new PublishSettings(
        bootstrapServers, embeddingsTopic, progressTopic, deadLetterTopic, modelVersionsTopic, producerOverrides,
        exactlyOnce);
  }

  /** Returns these destinations with {@code overrides} as the extra producer properties. */
  public PublishSettings withProducerOverrides(Map<String, String> overrides) {
    return new PublishSettings(
        bootstrapServers, embeddingsTopic, progressTopic, deadLetterTopic, modelVersionsTopic, overrides, exactlyOnce);
  }

  Properties producerProperties() {
    Properties properties = new Properties();
    properties.putAll(producerOverrides);
    return properties;
  }

  @Override
  public String toString() {
    // Producer overrides can hold credentials, so only their names are printed.
    return "PublishSettings{bootstrap=" + bootstrapServers + ", embeddings=" + embeddingsTopic
        + ", progress=" + progressTopic + ", deadLetters=" + deadLetterTopic
        + ", modelVersions=" + modelVersionsTopic + ", exactlyOnce=" + exactlyOnce
        + ", producerOverrides=" + producerOverrides.keySet() + "}";
  }
}
