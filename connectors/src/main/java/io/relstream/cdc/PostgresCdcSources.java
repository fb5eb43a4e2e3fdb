package io.relstream.cdc;

import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.util.Properties;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;

/**
 * Builds the Flink CDC incremental PostgreSQL source: a chunked snapshot of the captured tables,
 * then the change log from the replication slot, resumable from a Flink checkpoint.
 */
public final class PostgresCdcSources {

  private PostgresCdcSources() {}

  /** Builds a source over the schema's tables; the publication must already exist. */
  public static PostgresIncrementalSource<RowChange> create(
      PostgresSourceSettings settings, DatabaseSchema schema) {
    String[] tables =
        schema.tablesParentsFirst().stream()
            .map(TableSchema::name)
            .map(name -> settings.schema() + "." + name)
            .toArray(String[]::new);
    return PostgresSourceBuilder.PostgresIncrementalSource.<RowChange>builder()
        .hostname(settings.hostname())
        .port(settings.port())
        .database(settings.database())
        .schemaList(settings.schema())
        .tableList(tables)
        .username(settings.username())
        .password(settings.password())
        .slotName(settings.slotName())
        .decodingPluginName("pgoutput")
        .splitSize(settings.snapshotSplitSize())
        .startupOptions(StartupOptions.initial())
        .debeziumProperties(debeziumProperties(settings))
        .deserializer(new RowChangeDeserializer(schema))
        .build();
  }

  static Properties debeziumProperties(PostgresSourceSettings settings) {
    Properties properties = new Properties();
    properties.setProperty("publication.name", settings.publication());
    // The job creates the publication itself, listing only the captured tables.
    properties.setProperty("publication.autocreate.mode", "disabled");
    properties.setProperty("poll.interval.ms", Long.toString(settings.pollInterval().toMillis()));
    properties.setProperty("decimal.handling.mode", "double");
    properties.setProperty("include.unknown.datatypes", "false");
    return properties;
  }
}
