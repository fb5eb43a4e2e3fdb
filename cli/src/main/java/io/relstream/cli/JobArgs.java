package io.relstream.cli;

import io.relstream.discovery.DiscoveryOptions;
import io.relstream.job.RelstreamJob;
import io.relstream.job.RelstreamOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Options of the job shared by {@code run} and {@code demo}. */
final class JobArgs {

  @Option(names = "--tables", split = ",", description = "Tables to capture; every table with a primary key when absent.")
  List<String> tables = List.of();

  @Option(names = "--schema", defaultValue = "public", description = "Database schema to capture (default: ${DEFAULT-VALUE}).")
  String schema;

  @Option(names = "--time-column", paramLabel = "TABLE=COLUMN",
      description = "A table's event-time column, overriding the catalog.")
  Map<String, String> timeColumns = new LinkedHashMap<>();

  @Option(names = "--time-via", paramLabel = "TABLE=FK->PARENT.COLUMN",
      description = "A table's event time through a foreign key.")
  Map<String, String> timeVia = new LinkedHashMap<>();

  // The example is a line of its own, because picocli may wrap a line inside a word at its dots.
  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = {
      "A job option; `relstream options` lists every key with its default.", "Example: -Dbatch.size=128"})
  Map<String, String> options = new LinkedHashMap<>();

  DiscoveryOptions discoveryOptions() {
    return new DiscoveryOptions(schema, tables, timeColumns, timeVia);
  }

  /** Returns the options as given, for the Flink environment, where Flink's own keys take effect. */
  Configuration userOptions() {
    return Configuration.fromMap(options);
  }

  /**
   * Returns a Flink configuration with the given options on top of the defaults passed in.
   *
   * @throws IllegalArgumentException for an unknown job option, or a heap state backend with the graph
   *     operators' heap caches on
   */
  Configuration configuration(Map<String, String> defaults) {
    KnownOptions.checkKeys(options);
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(options);
    Configuration configuration = Configuration.fromMap(merged);
    RelstreamJob.checkStateBackend(configuration, configuration.get(RelstreamOptions.CACHE_ENTRIES));
    return configuration;
  }
}
