package io.relstream.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes one table's rows with a single PostgreSQL COPY in CSV format, sending them in batches.
 * Every non-null value is quoted and a null is an unquoted empty field, so an empty string and
 * NULL stay distinct.
 */
final class CopyRowSink implements RowSink, AutoCloseable {

  private final CopyIn copy;
  private final int batchSize;
  private final StringBuilder buffer = new StringBuilder();
  private final CSVPrinter printer;
  private int bufferedRows;
  private long rowsCopied = -1;

  private CopyRowSink(CopyIn copy, int batchSize) {
    this.copy = copy;
    this.batchSize = batchSize;
    try {
      // POSTGRESQL_CSV quotes every non-null value and prints null as nothing, the COPY CSV default.
      this.printer = new CSVPrinter(buffer, CSVFormat.POSTGRESQL_CSV);
    } catch (IOException e) {
      throw new UncheckedIOException("Appending to a StringBuilder failed", e);
    }
  }

  /** Starts {@code copySql}, a COPY FROM STDIN in CSV format, on {@code connection}. */
  static CopyRowSink start(Connection connection, String copySql, int batchSize) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    return new CopyRowSink(copy, batchSize);
  }

  @Override
  public void accept(String[] row) throws SQLException {
    try {
      printer.printRecord((Object[]) row);
    } catch (IOException e) {
      throw new UncheckedIOException("Appending to a StringBuilder failed", e);
    }
    bufferedRows++;
    if (bufferedRows >= batchSize) {
      flush();
    }
  }

  @Override
  public void finish() throws SQLException {
    flush();
    rowsCopied = copy.endCopy();
  }

  /** Returns the row count that the server reported for the COPY, or -1 before {@link #finish()}. */
  long rowsCopied() {
    return rowsCopied;
  }

  /** Cancels the COPY when it is still open, as after an error, so that the connection can roll back. */
  @Override
  public void close() throws SQLException {
    if (copy.isActive()) {
      copy.cancelCopy();
    }
  }

  private void flush() throws SQLException {
    if (bufferedRows == 0) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
    bufferedRows = 0;
  }
}
