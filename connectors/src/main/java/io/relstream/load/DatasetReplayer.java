package io.relstream.load;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dataset into PostgreSQL in event-time order, so that a change data capture reader sees
 * its history as a stream of inserts instead of one snapshot. The schema is created as by
 * {@link DatasetLoader}, foreign keys included. The tables without event time are loaded up front
 * in one transaction, then the timed rows are inserted in the order of {@link ReplayOrder}, paced
 * by {@link ReplayPacer} and committed every {@link ReplayOptions#batchRows()} rows.
 */
public final class DatasetReplayer {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetReplayer.class);

  private DatasetReplayer() {}

  /**
   * Replays {@code dataset} through {@code connection}, whose auto-commit setting is restored at
   * the end. Rows that break a constraint are skipped and listed in the report, as in a normal load.
   * A failure leaves the transactions committed so far in place, so a new replay needs
   * {@link LoadOptions#dropExisting()}.
   *
   * @throws IllegalStateException when a dataset table exists and dropExisting is false
   * @throws IOException when schema.json or a CSV file is missing or invalid
   * @throws InterruptedException when the thread is interrupted while it waits for a row's
   *     deadline. The open transaction is rolled back first
   */
  public static LoadReport replay(Path dataset, Connection connection, ReplayOptions options, ReplayListener listener)
      throws IOException, SQLException, InterruptedException {
    ReplayPacer pacer = new ReplayPacer(options.rowsPerSecond(), System::nanoTime, ReplayPacer.THREAD_SLEEPER);
    return replay(dataset, connection, options, listener, pacer);
  }

  static LoadReport replay(Path dataset, Connection connection, ReplayOptions options, ReplayListener listener,
      ReplayPacer pacer) throws IOException, SQLException, InterruptedException {
    long start = System.nanoTime();
    ReplayInput input = ReplayInput.prepare(dataset, options.load());
    LOG.info("Replaying {} rows of tables {} after loading {} rows of the other tables up front",
        input.timedRows().size(), input.timedTables(), input.upFrontRowCount());
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      createTablesAndLoadUpFront(input, connection, options.load());
      insertTimedRows(input.timedRows(), connection, options, listener, pacer);
    } finally {
      connection.setAutoCommit(autoCommit);
    }

    LoadReport.Builder report = new LoadReport.Builder();
    for (TablePlan plan : input.plans()) {
      if (!plan.spec().hasPrimaryKey()) {
        report.addTableWithoutPrimaryKey(plan.name());
      }
    }
    input.results().forEach(report::addTable);
    LoadReport result = report.build((System.nanoTime() - start) / 1_000_000);
    LOG.info("Replayed {} rows into {} tables of schema {} in {} ms, rejected {} rows", result.totalRowsLoaded(),
        result.rowsLoaded().size(), options.load().schema(), result.elapsedMillis(), result.rejectedRows().size());
    return result;
  }

  /** Creates every table with its keys and comments, and commits the rows of the tables without event time. */
  private static void createTablesAndLoadUpFront(ReplayInput input, Connection connection, LoadOptions options)
      throws SQLException {
    String target = options.schema();
    try {
      DatasetLoader.prepareSchema(connection, target, input.plans().stream().map(TablePlan::name).toList(),
          options.dropExisting());
      for (TablePlan plan : input.plans()) {
        DatasetLoader.execute(connection, DdlStatements.createTable(target, plan));
        if (!input.timedTables().contains(plan.name())) {
          copyRows(connection, target, plan, input.validRows().get(plan.name()), options.batchSize());
        }
      }
      // Unlike a normal load, the foreign keys exist before the timed rows, so every insert is checked.
      for (TablePlan plan : input.plans()) {
        DatasetLoader.executeAll(connection, DdlStatements.addForeignKeys(target, plan, input.schema().tables()));
        DatasetLoader.execute(connection, DdlStatements.replicaIdentityFull(target, plan));
        DatasetLoader.executeAll(connection, DdlStatements.timeComments(target, plan));
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      DatasetLoader.rollBack(connection, e);
      throw e;
    }
  }

  private static void copyRows(Connection connection, String target, TablePlan plan, List<String[]> rows,
      int batchSize) throws SQLException {
    try (CopyRowSink sink = CopyRowSink.start(connection, DdlStatements.copyFromStdin(target, plan), batchSize)) {
      for (String[] row : rows) {
        sink.accept(row);
      }
      sink.finish();
      if (sink.rowsCopied() != rows.size()) {
        throw new SQLException("COPY into table " + plan.name() + " stored " + sink.rowsCopied()
            + " rows, but the replay sent " + rows.size());
      }
    }
  }

  private static void insertTimedRows(List<ReplayRow> rows, Connection connection, ReplayOptions options,
      ReplayListener listener, ReplayPacer pacer) throws SQLException, InterruptedException {
    ReplayProgressTracker tracker = new ReplayProgressTracker(rows.size(), options.progressInterval(), listener, pacer);
    try (ReplayWriter writer = new ReplayWriter(connection, options.load().schema(), options.batchRows())) {
      pacer.start();
      for (int i = 0; i < rows.size(); i++) {
        pacer.awaitRow(i);
        tracker.committed(writer.write(rows.get(i)));
      }
      tracker.committed(writer.commit());
      tracker.finish();
    } catch (SQLException | RuntimeException | InterruptedException e) {
      DatasetLoader.rollBack(connection, e);
      throw e;
    }
  }
}
