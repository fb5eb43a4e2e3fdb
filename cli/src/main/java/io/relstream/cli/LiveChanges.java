package io.relstream.cli;

import io.relstream.synthetic.RetailChangeStream;
import io.relstream.synthetic.RetailGenerator;
import io.relstream.synthetic.RetailOptions;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live change stream over the synthetic retail database, and the status text about it
 * and the snapshot. With a dataset directory there is no stream and the text is empty. With a rate
 * of 0 there is no stream and the text gives the snapshot's progress only.
 */
final class LiveChanges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveChanges.class);

  private final RetailChangeStream stream;
  private final long snapshotRows;
  private boolean closed;

  private LiveChanges(RetailChangeStream stream, long snapshotRows) {
    this.stream = stream;
    this.snapshotRows = snapshotRows;
  }

  /** Starts the stream when {@code generator} is not null, or returns a stream-less instance. */
  static LiveChanges start(RetailGenerator generator, EmbeddedStack stack, String schema) throws SQLException {
    if (generator == null) {
      return new LiveChanges(null, 0);
    }
    RetailOptions options = generator.options();
    long rows = (long) options.customers() + options.merchants() + options.products()
        + generator.priceHistory().size() + options.orders();
    if (options.changesPerSecond() == 0) {
      Console.step("writing no live changes (--changes-per-second 0)");
      return new LiveChanges(null, rows);
    }
    Console.step("writing live changes to PostgreSQL at " + rate(options.changesPerSecond())
        + " per second (inserts and updates)");
    return new LiveChanges(RetailChangeStream.start(generator, stack.postgres().connect(EmbeddedStack.DATABASE), schema), rows);
  }

  /** Returns the status-line part about the snapshot's progress and the live changes, or "" with a dataset directory. */
  String describe(long rowsRead) {
    if (snapshotRows == 0) {
      return "";
    }
    long percent = Math.min(100, rowsRead * 100 / snapshotRows);
    if (stream == null) {
      return String.format(Locale.ROOT, " | snapshot %d%%", percent);
    }
    String failed = stream.failure() == null ? "" : " (stopped: " + stream.failure().getMessage() + ")";
    return format(percent, stream.changesApplied(), failed);
  }

  /** Formats the status-line part of the snapshot's share read and the live changes written. */
  static String format(long snapshotPercent, long changes, String failure) {
    return String.format(Locale.ROOT, " | snapshot %d%% | changes %,d%s", snapshotPercent, changes, failure);
  }

  @Override
  public void close() {
    if (stream == null || closed) {
      return;
    }
    closed = true;
    try {
      stream.close();
    } catch (SQLException e) {
      LOG.warn("Closing the live change stream's connection failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns a rate as the user gave it, without trailing zeros, because a fixed number of decimals
   * would print a rate below 0.05 as 0.0.
   */
  static String rate(double changesPerSecond) {
    return BigDecimal.valueOf(changesPerSecond).stripTrailingZeros().toPlainString();
  }
}
