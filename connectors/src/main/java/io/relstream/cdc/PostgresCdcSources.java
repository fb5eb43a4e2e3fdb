package io.relstream.cdc;

import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.util.Properties;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfigFactory;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffsetFactory;

/**
 * Builds the Flink CDC incremental PostgreSQL source: a chunked snapshot of the captured tables,
 * then the change log from the replication slot, resumable from a Flink checkpoint.
 */
public final class PostgresCdcSources {

  private PostgresCdcSources() {}

  /**
   * Builds a source over the schema's tables; the publication must already exist. The snapshot
   * reads the tables parents first, each table's chunks in key order ({@link TableListOrderDialect}),
   * so that a child row's example finds its parent rows in the graph. The configuration is set as
   * {@code PostgresSourceBuilder} sets it, because the builder has no way to pass another dialect.
   */
  public static PostgresIncrementalSource<RowChange> create(
      PostgresSourceSettings settings, DatabaseSchema schema) {
    String[] tables =
        schema.tablesParentsFirst().stream()
            .map(TableSchema::name)
            .map(name -> settings.schema() + "." + name)
            .toArray(String[]::new);
    PostgresSourceConfigFactory config = new PostgresSourceConfigFactory();
    config.hostname(settings.hostname());
    config.port(settings.port());
    config.database(settings.database());
    config.schemaList(new String[] {settings.schema()});
    config.tableList(tables);
    config.username(settings.username());
    config.password(settings.password());
    config.slotName(settings.slotName());
    config.decodingPluginName("pgoutput");
    config.splitSize(settings.snapshotSplitSize());
    // Flink CDC 3.5.0 assigns each table's last, unbounded chunk first by default, before every
    // chunk of the tables split earlier, which reverses the order of single-chunk tables.
    config.assignUnboundedChunkFirst(false);
    config.startupOptions(StartupOptions.initial());
    config.debeziumProperties(debeziumProperties(settings));
    return new PostgresIncrementalSource<>(config, new RowChangeDeserializer(schema), new PostgresOffsetFactory(),
        new TableListOrderDialect(config.create(0)));
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
