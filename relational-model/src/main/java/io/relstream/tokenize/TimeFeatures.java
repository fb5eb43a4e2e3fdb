package io.relstream.tokenize;

import java.time.LocalDate;

/**
 * Time features of a timestamp in UTC: sine and cosine of the hour of day, day of week, day of
 * month and month of year, then the signed, log-scaled age relative to the example's seed time.
 * Stateless.
 */
final class TimeFeatures {
  /**
   * Number of features per token, in the order hour, weekday, day of month, month (sin, cos each),
   * age.
   */
  static final int COUNT = 9;

  static final int AGE = 8;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** log(1 + days) of 100 years, so that an age of a century has the feature 1. */
  private static final double CENTURY_LOG_DAYS = Math.log1p(36_525);

  /** 1970-01-01 was a Thursday, which is day 3 when Monday is day 0. */
  private static final int EPOCH_DAY_OF_WEEK = 3;

  private TimeFeatures() {}

  /**
   * Writes the calendar features of an epoch-millisecond timestamp and its age at {@code
   * seedMillis} into {@code out} from {@code offset}.
   */
  static void writeTimestamp(long epochMillis, long seedMillis, float[] out, int offset) {
    long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    writeTimeOfDay(Math.floorMod(epochMillis, MILLIS_PER_DAY), out, offset);
    int dayOfWeek = (int) Math.floorMod(epochDay + EPOCH_DAY_OF_WEEK, 7L);
    writeCycle(dayOfWeek / 7.0, out, offset + 2);
    // Every long of milliseconds is a day count within LocalDate's range, so this cannot throw.
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    writeCycle((date.getDayOfMonth() - 1) / (double) date.lengthOfMonth(), out, offset + 4);
    writeCycle((date.getMonthValue() - 1) / 12.0, out, offset + 6);
    out[offset + AGE] = age(epochMillis, seedMillis);
  }

  /**
   * Writes the features of a SQL {@code time} value, milliseconds since midnight: the hour features
   * only, because a time of day has no date. The date features and the age stay zero.
   */
  static void writeTimeOfDay(long millisOfDay, float[] out, int offset) {
    long wrapped = Math.floorMod(millisOfDay, MILLIS_PER_DAY);
    writeCycle(wrapped / (double) MILLIS_PER_DAY, out, offset);
  }

  /**
   * Returns {@code sign(d) * log(1 + |d|) / log(1 + 36525)} of the age {@code d} in days: positive
   * for a time before the seed time, 1 for a century.
   */
  static float age(long epochMillis, long seedMillis) {
    // Doubles, because the difference of two extreme longs overflows.
    double days = ((double) seedMillis - (double) epochMillis) / MILLIS_PER_DAY;
    return (float) (Math.signum(days) * Math.log1p(Math.abs(days)) / CENTURY_LOG_DAYS);
  }

  private static void writeCycle(double fraction, float[] out, int offset) {
    double angle = 2 * Math.PI * fraction;
    out[offset] = (float) Math.sin(angle);
    out[offset + 1] = (float) Math.cos(angle);
  }
}
