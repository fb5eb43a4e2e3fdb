package io.relstream.example;

/** Conventions for event times, which are epoch milliseconds in UTC. */
public final class EventTime {
  /**
   * The event time of a row whose table has no time column and no time source through a foreign
   * key (drivers, circuits): such a row is visible at every seed time.
   */
  public static final long TIMELESS = Long.MIN_VALUE;

  private EventTime() {}

  /** Returns whether a row with this event time may appear in an example whose seed time is given. */
  public static boolean visibleAt(long rowEventTime, long seedTime) {
    return rowEventTime <= seedTime;
  }
}
