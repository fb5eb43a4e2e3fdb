package io.relstream.job;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options that only the cluster entry point ({@link RelstreamJobMain}) reads: where the secrets
 * come from, Kafka security, the topics it creates, and overrides of the catalog's time metadata.
 * The command line takes the same settings as flags.
 */
public final class EntryPointOptions {

  public static final ConfigOption<String> DB_PASSWORD_ENV =
      ConfigOptions.key("source.password-env")
          .stringType()
          .defaultValue("RELSTREAM_DB_PASSWORD")
          .withDescription("Environment variable that contains the database password (cluster entry point).");

  public static final ConfigOption<String> DB_PASSWORD_FILE =
      ConfigOptions.key("source.password-file")
          .stringType()
          .noDefaultValue()
          .withDescription("File whose first line is the database password; takes precedence over source.password-env.");

  public static final ConfigOption<List<String>> TIME_COLUMNS =
      ConfigOptions.key("source.time-columns")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("TABLE=COLUMN pairs naming a table's event-time column, overriding the catalog (cluster entry point).");

  public static final ConfigOption<List<String>> TIME_VIA =
      ConfigOptions.key("source.time-via")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("TABLE=FK->PARENT.COLUMN pairs giving a table's event time through a foreign key (cluster entry point).");

  public static final ConfigOption<String> KAFKA_SECURITY_PROTOCOL =
      ConfigOptions.key("kafka.security-protocol")
          .stringType()
          .defaultValue("PLAINTEXT")
          .withDescription("Kafka security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");

  public static final ConfigOption<String> KAFKA_SASL_MECHANISM =
      ConfigOptions.key("kafka.sasl-mechanism")
          .stringType()
          .defaultValue("PLAIN")
          .withDescription("SASL mechanism of the SASL protocols: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

  public static final ConfigOption<String> KAFKA_SASL_USERNAME =
      ConfigOptions.key("kafka.sasl-username")
          .stringType()
          .noDefaultValue()
          .withDescription("SASL user name; required with the SASL protocols.");

  public static final ConfigOption<String> KAFKA_SASL_PASSWORD_ENV =
      ConfigOptions.key("kafka.sasl-password-env")
          .stringType()
          .defaultValue("RELSTREAM_KAFKA_PASSWORD")
          .withDescription("Environment variable that contains the SASL password.");

  public static final ConfigOption<String> KAFKA_SASL_PASSWORD_FILE =
      ConfigOptions.key("kafka.sasl-password-file")
          .stringType()
          .noDefaultValue()
          .withDescription("File whose first line is the SASL password; takes precedence over kafka.sasl-password-env.");

  public static final ConfigOption<Integer> KAFKA_TOPIC_PARTITIONS =
      ConfigOptions.key("kafka.topic-partitions")
          .intType()
          .defaultValue(1)
          .withDescription("Partitions of the embeddings topic when the job creates it.");

  public static final ConfigOption<Integer> KAFKA_TOPIC_REPLICATION =
      ConfigOptions.key("kafka.topic-replication")
          .intType()
          .defaultValue(1)
          .withDescription("Replication factor of the topics that the job creates when they are missing.");

  public static final ConfigOption<String> OPTIONS_FILE =
      ConfigOptions.key("job.options-file")
          .stringType()
          .noDefaultValue()
          .withDescription("File of KEY: VALUE lines with job options, applied over the Flink configuration and under the program arguments (cluster entry point).");

  private EntryPointOptions() {}
}
