package io.relstream.load;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a dataset directory (schema.json plus one CSV file per table) into PostgreSQL with primary
 * keys, foreign keys, inferred column types, REPLICA IDENTITY FULL and the time metadata as catalog
 * comments. Rows that break a constraint are skipped and listed in the {@link LoadReport}.
 */
public final class DatasetLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

  private DatasetLoader() {}

  /**
   * Loads {@code datasetDirectory} through {@code connection} in one transaction, so a failure
   * leaves the database as it was. Tables are created and filled parents first, and foreign keys
   * are added after all rows are in. The load commits or rolls back on {@code connection}, so the
   * caller must not have a transaction open on it. Its auto-commit setting is restored at the end.
   *
   * @throws IllegalStateException when a dataset table exists and {@code options.dropExisting()}
   *     is false
   * @throws IOException when schema.json or a CSV file is missing or invalid
   */
  public static LoadReport load(Path datasetDirectory, Connection connection, LoadOptions options)
      throws IOException, SQLException {
    long start = System.nanoTime();
    DatasetSchema schema = DatasetSchema.read(datasetDirectory);
    List<TablePlan> plans = LoadPlanner.plan(datasetDirectory, schema, options.tables());
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    LoadReport.Builder report = new LoadReport.Builder();
    try {
      loadPlans(schema, plans, connection, options, report);
      connection.commit();
    } catch (IOException | SQLException | RuntimeException e) {
      rollBack(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    LoadReport result = report.build((System.nanoTime() - start) / 1_000_000);
    LOG.info("Loaded {} rows into {} tables of schema {} in {} ms, rejected {} rows", result.totalRowsLoaded(),
        result.rowsLoaded().size(), options.schema(), result.elapsedMillis(), result.rejectedRows().size());
    return result;
  }

  private static void loadPlans(DatasetSchema schema, List<TablePlan> plans, Connection connection,
      LoadOptions options, LoadReport.Builder report) throws IOException, SQLException {
    String target = options.schema();
    prepareSchema(connection, target, plans.stream().map(TablePlan::name).toList(), options.dropExisting());

    Map<String, Set<Object>> loadedKeys = new HashMap<>();
    for (TablePlan plan : plans) {
      if (!plan.spec().hasPrimaryKey()) {
        LOG.info("Table {} has no primary key in schema.json, so it is created without one", plan.name());
        report.addTableWithoutPrimaryKey(plan.name());
      }
      execute(connection, DdlStatements.createTable(target, plan));
      TableReader.Result result = copyRows(connection, target, plan, schema.nullToken(), loadedKeys, options);
      report.addTable(result);
      logTableSummary(plan, result);
    }
    // Adding foreign keys after the rows are in checks them in one pass per constraint instead of per row.
    for (TablePlan plan : plans) {
      executeAll(connection, DdlStatements.addForeignKeys(target, plan, schema.tables()));
      execute(connection, DdlStatements.replicaIdentityFull(target, plan));
      executeAll(connection, DdlStatements.timeComments(target, plan));
    }
  }

  private static TableReader.Result copyRows(Connection connection, String target, TablePlan plan,
      String nullToken, Map<String, Set<Object>> loadedKeys, LoadOptions options) throws IOException, SQLException {
    String copySql = DdlStatements.copyFromStdin(target, plan);
    try (CopyRowSink sink = CopyRowSink.start(connection, copySql, options.batchSize())) {
      TableReader.Result result = TableReader.read(plan, nullToken, loadedKeys, options.padShortRows(), sink);
      if (sink.rowsCopied() != result.loaded()) {
        throw new SQLException("COPY into table " + plan.name() + " stored " + sink.rowsCopied()
            + " rows, but the loader sent " + result.loaded());
      }
      return result;
    }
  }

  private static void logTableSummary(TablePlan plan, TableReader.Result result) {
    String expected = plan.spec().rows() < 0 ? "no row count" : plan.spec().rows() + " rows";
    LOG.info("Loaded table {}: {} rows, {} rejected; schema.json lists {}",
        plan.name(), result.loaded(), result.rejected().size(), expected);
    if (result.padded() > 0) {
      LOG.info("Table {}: {} loaded rows had fewer fields than the header and got NULL for the missing trailing fields",
          plan.name(), result.padded());
    }
  }

  /** Creates the schema when missing, then drops the tables or fails when one already exists. */
  static void prepareSchema(Connection connection, String schema, List<String> tables, boolean dropExisting)
      throws SQLException {
    if (!CatalogQueries.schemaExists(connection, schema)) {
      execute(connection, DdlStatements.createSchema(schema));
    }
    if (dropExisting) {
      execute(connection, DdlStatements.dropTables(schema, tables));
      return;
    }
    List<String> existing = CatalogQueries.existingTables(connection, schema, tables);
    if (!existing.isEmpty()) {
      throw new IllegalStateException("Tables " + existing + " already exist in schema " + schema
          + "; drop them or set LoadOptions.dropExisting to replace them");
    }
  }

  static void executeAll(Connection connection, List<String> statements) throws SQLException {
    for (String sql : statements) {
      execute(connection, sql);
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    LOG.debug("Executing {}", sql);
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static void rollBack(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
