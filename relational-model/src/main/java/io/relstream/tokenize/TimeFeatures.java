package io.relstream.tokenize;

import java.time.LocalDate;

/**
 * Cyclic calendar features of a timestamp in UTC: sine and cosine of the hour of day, day of week,
 * day of month and month of year. Stateless.
 */
final class TimeFeatures {
  /**
   * Number of features per token, in the order hour, weekday, day of month, month (sin, cos each).
   */
  static final int COUNT = 8;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** 1970-01-01 was a Thursday, which is day 3 when Monday is day 0. */
  private static final int EPOCH_DAY_OF_WEEK = 3;

  private TimeFeatures() {}

  /** Writes the features of an epoch-millisecond timestamp into {@code out} from {@code offset}. */
  static void writeTimestamp(long epochMillis, float[] out, int offset) {
    long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    writeTimeOfDay(Math.floorMod(epochMillis, MILLIS_PER_DAY), out, offset);
    int dayOfWeek = (int) Math.floorMod(epochDay + EPOCH_DAY_OF_WEEK, 7L);
    writeCycle(dayOfWeek / 7.0, out, offset + 2);
    // Every long of milliseconds is a day count within LocalDate's range, so this cannot throw.
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    writeCycle((date.getDayOfMonth() - 1) / (double) date.lengthOfMonth(), out, offset + 4);
    writeCycle((date.getMonthValue() - 1) / 12.0, out, offset + 6);
  }

  /**
   * Writes the features of a SQL {@code time} value, milliseconds since midnight: the hour features
   * only, because a time of day has no date. The date features stay zero.
   */
  static void writeTimeOfDay(long millisOfDay, float[] out, int offset) {
    long wrapped = Math.floorMod(millisOfDay, MILLIS_PER_DAY);
    writeCycle(wrapped / (double) MILLIS_PER_DAY, out, offset);
  }

  private static void writeCycle(double fraction, float[] out, int offset) {
    double angle = 2 * Math.PI * fraction;
    out[offset] = (float) Math.sin(angle);
    out[offset + 1] = (float) Math.cos(angle);
  }
}
