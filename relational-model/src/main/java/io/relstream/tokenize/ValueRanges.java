package io.relstream.tokenize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The value ranges of SQL types, against which the tokenizer checks cells. Stateless.
 */
final class ValueRanges {
  /** 4714-11-24 BC (proleptic Gregorian, year -4713), the earliest PostgreSQL timestamp. */
  static final long MIN_TIMESTAMP_MILLIS =
      LocalDate.of(-4713, 11, 24).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

  /** The start of 294277-01-01, just after the latest PostgreSQL timestamp. */
  static final long MAX_TIMESTAMP_MILLIS =
      LocalDate.of(294_277, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;

  /** A SQL time runs from 00:00:00 to 24:00:00 inclusive. */
  static final long MAX_TIME_OF_DAY_MILLIS = 86_400_000L;

  private ValueRanges() {}

  /**
   * Returns whether a number fits the column's declared JDBC type: the smallint, integer and bigint
   * ranges for integral values, the float range for real, and the double range for every other
   * numeric type. NaN and the infinities fit, because they have tokens of their own.
   */
  static boolean numberFits(int jdbcType, Number number) {
    if (number instanceof BigDecimal || number instanceof BigInteger) {
      double asDouble = number.doubleValue();
      if (Double.isInfinite(asDouble)) {
        return false;
      }
    }
    double x = number.doubleValue();
    if (!Double.isFinite(x)) {
      return true;
    }
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT -> x >= Short.MIN_VALUE && x <= Short.MAX_VALUE;
      case Types.INTEGER -> x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
      case Types.BIGINT -> integralFitsLong(number);
      case Types.REAL -> Math.abs(x) <= Float.MAX_VALUE;
      default -> true;
    };
  }

  /** Returns whether epoch milliseconds lie within PostgreSQL's timestamp range. */
  static boolean timestampFits(long millis) {
    return millis >= MIN_TIMESTAMP_MILLIS && millis <= MAX_TIMESTAMP_MILLIS;
  }

  /** Returns whether milliseconds of the day lie within a SQL time's range. */
  static boolean timeOfDayFits(long millis) {
    return millis >= 0 && millis <= MAX_TIME_OF_DAY_MILLIS;
  }

  private static boolean integralFitsLong(Number number) {
    if (number instanceof BigInteger big) {
      return big.bitLength() < 64;
    }
    if (number instanceof BigDecimal decimal) {
      return decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }
    return true;
  }
}
