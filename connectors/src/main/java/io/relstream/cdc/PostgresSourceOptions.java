package io.relstream.cdc;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the PostgreSQL change-data-capture source. The password is deliberately not an option. */
public final class PostgresSourceOptions {

  public static final ConfigOption<String> HOSTNAME =
      ConfigOptions.key("source.hostname")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription("Host name of the PostgreSQL server.");

  public static final ConfigOption<Integer> PORT =
      ConfigOptions.key("source.port")
          .intType()
          .defaultValue(5432)
          .withDescription("Port of the PostgreSQL server.");

  public static final ConfigOption<String> DATABASE =
      ConfigOptions.key("source.database")
          .stringType()
          .noDefaultValue()
          .withDescription("Database to capture.");

  public static final ConfigOption<String> SCHEMA =
      ConfigOptions.key("source.schema")
          .stringType()
          .defaultValue("public")
          .withDescription("Database schema whose tables are captured.");

  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("source.username")
          .stringType()
          .defaultValue("postgres")
          .withDescription("User with the REPLICATION attribute.");

  public static final ConfigOption<List<String>> TABLES =
      ConfigOptions.key("source.tables")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("Tables to capture; empty captures every table with a primary key.");

  public static final ConfigOption<String> SLOT_NAME =
      ConfigOptions.key("source.slot-name")
          .stringType()
          .defaultValue("relstream")
          .withDescription("Name of the logical replication slot the source creates and reads.");

  public static final ConfigOption<String> PUBLICATION =
      ConfigOptions.key("source.publication")
          .stringType()
          .defaultValue("relstream_publication")
          .withDescription("Name of the publication the job creates up front for the captured tables.");

  public static final ConfigOption<Duration> POLL_INTERVAL =
      ConfigOptions.key("source.poll-interval")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("How often Debezium polls its change queue; dominates a single change's delay.");

  public static final ConfigOption<Integer> SNAPSHOT_SPLIT_SIZE =
      ConfigOptions.key("source.snapshot-split-size")
          .intType()
          .defaultValue(8096)
          .withDescription("Rows per chunk of the incremental snapshot.");

  private PostgresSourceOptions() {}
}
