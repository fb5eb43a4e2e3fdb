package io.relstream.cli;

import io.relstream.load.DatasetLoader;
import io.relstream.load.LoadOptions;
import io.relstream.load.LoadReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relstream load}: puts a dataset directory into PostgreSQL. */
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

  @Override
  public Integer call() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", database.user);
    properties.setProperty("password", database.password());
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl, properties)) {
      LoadOptions options = LoadOptions.defaults().withSchema(schema).withDropExisting(dropExisting).withTables(tables);
      LoadReport report = DatasetLoader.load(dataset, connection, options);
      System.out.println(ConsoleReport.describe(report));
    }
    return 0;
  }
}
