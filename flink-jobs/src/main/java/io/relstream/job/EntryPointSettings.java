package io.relstream.job;

import io.relstream.cdc.PostgresSourceOptions;
import io.relstream.cdc.PostgresSourceSettings;
import io.relstream.config.OptionChecks;
import io.relstream.discovery.DiscoveryOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of a job started by {@link RelstreamJobMain}: the source with its password,
 * the job with its Kafka security properties, what discovery reads, and the topics' layout.
 *
 * @param source the CDC source, with the password read from its file or variable
 * @param job the job's stages and where it publishes
 * @param discovery the tables and time overrides that schema discovery uses
 * @param topicPartitions partitions of the embeddings topic when the job creates it
 * @param topicReplication replication factor of the topics the job creates
 */
public record EntryPointSettings(
    PostgresSourceSettings source, JobSettings job, DiscoveryOptions discovery, int topicPartitions,
    short topicReplication) {

  /** Reads and validates every option; secrets come from files or from {@code environment}. */
  public static EntryPointSettings from(ReadableConfig config, Map<String, String> environment) {
    String password = SecretFiles.read(EntryPointOptions.DB_PASSWORD_FILE.key(),
        config.get(EntryPointOptions.DB_PASSWORD_FILE), config.get(EntryPointOptions.DB_PASSWORD_ENV), environment);
    PostgresSourceSettings source = PostgresSourceSettings.from(config, password);
    JobSettings job = JobSettings.from(config);
    job = job.withPublish(job.publish().withProducerOverrides(KafkaSecurity.clientProperties(config, environment)));
    DiscoveryOptions discovery = new DiscoveryOptions(source.schema(), source.tables(),
        pairs(EntryPointOptions.TIME_COLUMNS.key(), config.get(EntryPointOptions.TIME_COLUMNS)),
        pairs(EntryPointOptions.TIME_VIA.key(), config.get(EntryPointOptions.TIME_VIA)));
    int partitions = OptionChecks.inRange(EntryPointOptions.KAFKA_TOPIC_PARTITIONS.key(),
        config.get(EntryPointOptions.KAFKA_TOPIC_PARTITIONS), 1, 10_000);
    int replication = OptionChecks.inRange(EntryPointOptions.KAFKA_TOPIC_REPLICATION.key(),
        config.get(EntryPointOptions.KAFKA_TOPIC_REPLICATION), 1, Short.MAX_VALUE);
    return new EntryPointSettings(source, job, discovery, partitions, (short) replication);
  }

  /** Parses {@code KEY=VALUE} entries into a map; the error names the option and the entry. */
  static Map<String, String> pairs(String key, List<String> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw OptionChecks.invalid(key, "entries of the form TABLE=VALUE", entry);
      }
      map.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
    }
    return map;
  }

  /** Returns the option keys that this entry point knows, for rejecting misspelt job options. */
  static List<Class<?>> optionHolders() {
    return List.of(PostgresSourceOptions.class, RelstreamOptions.class, EntryPointOptions.class);
  }
}
