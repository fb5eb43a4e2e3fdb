package io.relstream.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts timed rows in the given order and commits every {@code batchRows} rows. Consecutive rows
 * of one table go to the server as one JDBC batch, which keeps their order.
 */
final class ReplayWriter implements AutoCloseable {

  private final Connection connection;
  private final String schema;
  private final int batchRows;
  private final Map<String, PreparedStatement> inserts = new HashMap<>();
  private final List<ReplayRow> uncommitted = new ArrayList<>();
  private PreparedStatement pendingBatch;

  /** Uses {@code connection}, which must have auto-commit off. */
  ReplayWriter(Connection connection, String schema, int batchRows) {
    this.connection = connection;
    this.schema = schema;
    this.batchRows = batchRows;
  }

  /**
   * Adds {@code row} to the current transaction and returns the rows committed by this call, in
   * insert order, or an empty list when the transaction is not full yet.
   */
  List<ReplayRow> write(ReplayRow row) throws SQLException {
    PreparedStatement insert = inserts.get(row.plan().name());
    if (insert == null) {
      insert = connection.prepareStatement(insertSql(row.plan()));
      inserts.put(row.plan().name(), insert);
    }
    if (pendingBatch != null && pendingBatch != insert) {
      pendingBatch.executeBatch();
    }
    String[] values = row.values();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        insert.setNull(i + 1, Types.VARCHAR);
      } else {
        insert.setString(i + 1, values[i]);
      }
    }
    insert.addBatch();
    pendingBatch = insert;
    uncommitted.add(row);
    return uncommitted.size() >= batchRows ? commit() : List.of();
  }

  /** Commits the open transaction and returns its rows in insert order. */
  List<ReplayRow> commit() throws SQLException {
    if (pendingBatch != null) {
      pendingBatch.executeBatch();
      pendingBatch = null;
    }
    connection.commit();
    List<ReplayRow> committed = List.copyOf(uncommitted);
    uncommitted.clear();
    return committed;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement insert : inserts.values()) {
      insert.close();
    }
  }

  /** Returns an INSERT whose parameters are text, cast to each column's type by the server. */
  private String insertSql(TablePlan plan) {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < plan.columns().size(); i++) {
      columns.add(DdlStatements.quoteIdentifier(plan.columns().get(i)));
      values.add("CAST(? AS " + plan.types().get(i).sqlName() + ")");
    }
    return "INSERT INTO " + DdlStatements.qualifiedName(schema, plan.name()) + " (" + String.join(", ", columns)
        + ") VALUES (" + String.join(", ", values) + ")";
  }
}
