package io.relstream.load;

import java.util.function.LongSupplier;

/**
 * Paces a replay by deadlines: row {@code i} (0-based) is due {@code i / rowsPerSecond} seconds
 * after {@link #start()}. Waiting for a deadline instead of sleeping a fixed time per row keeps
 * slow writes from adding up to drift, and a replay that falls behind catches up at full speed.
 */
final class ReplayPacer {

  /** Sleeps for a number of nanoseconds; tests pass one that advances a fake clock. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEPER = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

  private final double rowsPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long startNanos;

  /**
   * @param rowsPerSecond the target rate, or 0 for no pacing
   * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
   */
  ReplayPacer(double rowsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    this.rowsPerSecond = rowsPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** Starts the schedule at the current clock time. */
  void start() {
    startNanos = nanoClock.getAsLong();
  }

  /** Returns when row {@code rowIndex} is due, in nanoseconds after {@link #start()}; 0 without pacing. */
  long dueNanos(long rowIndex) {
    return rowsPerSecond == 0 ? 0 : (long) (rowIndex * 1e9 / rowsPerSecond);
  }

  /** Sleeps until row {@code rowIndex} is due, or returns at once when it is already due. */
  void awaitRow(long rowIndex) throws InterruptedException {
    long waitNanos = startNanos + dueNanos(rowIndex) - nanoClock.getAsLong();
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    }
  }

  /** Returns the time since {@link #start()} in nanoseconds. */
  long elapsedNanos() {
    return nanoClock.getAsLong() - startNanos;
  }
}
