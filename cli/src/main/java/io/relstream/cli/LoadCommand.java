package io.relstream.cli;

import io.relstream.load.DatasetLoader;
import io.relstream.load.DatasetReplayer;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import io.relstream.load.ReplayListener;
import io.relstream.load.ReplayOptions;
import io.relstream.load.ReplayProgress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relstream load}: puts a dataset directory into PostgreSQL, at once or replayed in event-time order. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load a dataset directory (CSV files and schema.json) into PostgreSQL with keys and types.")
final class LoadCommand implements Callable<Integer> {

  @Option(names = "--dataset", required = true, description = "Dataset directory with schema.json and CSV files.")
  Path dataset;

  @Mixin
  DatabaseArgs database;

  @Option(names = "--schema", defaultValue = "public", description = "Database schema to load into (default: ${DEFAULT-VALUE}).")
  String schema;

  @Option(names = "--drop-existing", description = "Drop the dataset's tables first.")
  boolean dropExisting;

  @Option(names = "--tables", split = ",", description = "Tables to load; all when absent.")
  List<String> tables = List.of();

  @Option(names = "--replay", description = "Load the tables without event time first, then insert the timed rows"
      + " in event-time order (parents before children), so a CDC reader sees the history as a change stream.")
  boolean replay;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "ROWS_PER_SECOND",
      description = "With --replay: timed rows inserted per second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--batch-rows", defaultValue = "" + ReplayOptions.DEFAULT_BATCH_ROWS, paramLabel = "N",
      description = "With --replay: timed rows committed per transaction (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Override
  public Integer call() throws Exception {
    if (!replay && (rate != 0 || batchRows != ReplayOptions.DEFAULT_BATCH_ROWS)) {
      throw new IllegalArgumentException("--rate and --batch-rows apply only with --replay; add --replay or remove them");
    }
    Properties properties = new Properties();
    properties.setProperty("user", database.user);
    properties.setProperty("password", database.password());
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl, properties)) {
      LoadOptions options = LoadOptions.defaults().withSchema(schema).withDropExisting(dropExisting).withTables(tables);
      LoadReport report = replay
          ? DatasetReplayer.replay(dataset, connection,
              ReplayOptions.of(options).withRowsPerSecond(rate).withBatchRows(batchRows), new ProgressPrinter())
          : DatasetLoader.load(dataset, connection, options);
      System.out.println(ConsoleReport.describe(report));
    }
    return 0;
  }

  /** Prints one progress line per progress interval of the replay. */
  private static final class ProgressPrinter implements ReplayListener {
    @Override
    public void progress(ReplayProgress progress) {
      Console.step(String.format("replayed %,d of %,d timed rows, event time %s, %,.0f rows/s",
          progress.rowsCommitted(), progress.rowsTotal(),
          progress.eventTime() == null ? "none" : progress.eventTime(), progress.rowsPerSecond()));
    }
  }
}
