package io.relstream.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generates a steady stream of row changes: updates of {@code drivers} rows, cycling through every
 * driver, committed as one transaction every {@value #TICK_MILLIS} ms so that the changes per
 * second equal the requested rate. When the database cannot keep up, the ticks fall behind and the
 * achieved rate is lower; {@link Result} reports what was committed.
 */
final class UpdateStream {
  static final long TICK_MILLIS = 10;

  /**
   * The updates that the stream committed.
   *
   * @param startMillis the wall-clock time just before the first commit
   * @param updates the number of updated rows
   * @param seconds the time from the first to the last commit
   */
  record Result(long startMillis, long updates, double seconds) {
    double rate() {
      return updates / seconds;
    }
  }

  private UpdateStream() {}

  static Result run(Connection connection, int rate, int seconds) throws Exception {
    List<Integer> drivers = driverIds(connection);
    int perTick = Math.max(1, (int) Math.round(rate * TICK_MILLIS / 1000.0));
    long ticks = seconds * 1000L / TICK_MILLIS;
    connection.setAutoCommit(false);
    long updates = 0;
    long startMillis = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE drivers SET number = COALESCE(number, 0) + 1 WHERE \"driverId\" = ?")) {
      for (long tick = 0; tick < ticks; tick++) {
        long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(tick * TICK_MILLIS);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos); // Paces the generator; no condition to poll for.
        }
        for (int i = 0; i < perTick; i++, updates++) {
          update.setInt(1, drivers.get((int) (updates % drivers.size())));
          update.addBatch();
        }
        update.executeBatch();
        connection.commit();
      }
    } finally {
      connection.setAutoCommit(true);
    }
    return new Result(startMillis, updates, (System.nanoTime() - startNanos) / 1e9);
  }

  private static List<Integer> driverIds(Connection connection) throws Exception {
    List<Integer> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT \"driverId\" FROM drivers ORDER BY \"driverId\"")) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("The drivers table is empty, so there is nothing to update");
    }
    return ids;
  }
}
