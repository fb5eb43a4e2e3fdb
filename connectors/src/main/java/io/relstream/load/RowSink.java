package io.relstream.load;

import java.sql.SQLException;

/** Receiver of the valid rows of one table, in file order. */
interface RowSink {

  /** Takes one row with exactly the header's fields; null fields are SQL NULL. */
  void accept(String[] row) throws SQLException;

  /** Sends any buffered rows; called once after the last row. */
  void finish() throws SQLException;
}
