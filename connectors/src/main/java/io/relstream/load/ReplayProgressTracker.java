package io.relstream.load;

import java.time.Duration;
import java.util.List;

/** Passes committed rows to a {@link ReplayListener} and calls its progress method once per interval. */
final class ReplayProgressTracker {

  private final long rowsTotal;
  private final long intervalNanos;
  private final ReplayListener listener;
  private final ReplayPacer pacer;
  private long rowsCommitted;
  private String lastEventTime;
  private long lastProgressNanos;

  ReplayProgressTracker(long rowsTotal, Duration interval, ReplayListener listener, ReplayPacer pacer) {
    this.rowsTotal = rowsTotal;
    this.intervalNanos = interval.toNanos();
    this.listener = listener;
    this.pacer = pacer;
  }

  void committed(List<ReplayRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    listener.rowsCommitted(rows.stream().map(ReplayRow::toReplayedRow).toList());
    rowsCommitted += rows.size();
    lastEventTime = rows.get(rows.size() - 1).eventTime().text();
    long elapsed = pacer.elapsedNanos();
    if (elapsed - lastProgressNanos >= intervalNanos) {
      lastProgressNanos = elapsed;
      listener.progress(progress(elapsed));
    }
  }

  /** Reports the final progress. */
  void finish() {
    listener.progress(progress(pacer.elapsedNanos()));
  }

  private ReplayProgress progress(long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? rowsCommitted / seconds : 0;
    return new ReplayProgress(rowsCommitted, rowsTotal, lastEventTime, rate, elapsedNanos / 1_000_000);
  }
}
