package io.relstream.tokenize;

import io.relstream.schema.SemanticType;

/**
 * Classifies raw cell values the same way for observing and for tokenizing, so that the sketches
 * see exactly the values that get ordinary tokens. Stateless.
 */
final class CellValues {
  /** Returned when a cell has an ordinary value, which is not one of the special ids. */
  static final int ORDINARY = -1;

  private CellValues() {}

  /**
   * Returns the special value id of a numeric cell (NULL, INVALID, OUT_OF_RANGE, NAN, POS_INF or
   * NEG_INF), or {@link #ORDINARY} for a finite number within the column's type range. Any {@link
   * Number} is accepted, read as a double, so BigDecimal and Float cells work too.
   */
  static int numericSpecial(TableLayout.Column column, Object value) {
    if (value == null) {
      return ValueIds.NULL;
    }
    if (!(value instanceof Number number)) {
      return ValueIds.INVALID;
    }
    if (!ValueRanges.numberFits(column.jdbcType, number)) {
      return ValueIds.OUT_OF_RANGE;
    }
    double x = number.doubleValue();
    if (Double.isNaN(x)) {
      return ValueIds.NAN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return ValueIds.POS_INF;
    }
    return x == Double.NEGATIVE_INFINITY ? ValueIds.NEG_INF : ORDINARY;
  }

  /**
   * Returns the special value id of a timestamp cell (NULL, INVALID or OUT_OF_RANGE), or {@link
   * #ORDINARY} for integral milliseconds within range: epoch milliseconds within PostgreSQL's
   * timestamp range, or milliseconds of the day for a SQL time.
   */
  static int timestampSpecial(TableLayout.Column column, Object value) {
    if (value == null) {
      return ValueIds.NULL;
    }
    if (!isIntegral(value)) {
      return ValueIds.INVALID;
    }
    long millis = ((Number) value).longValue();
    boolean fits =
        column.timeOfDay ? ValueRanges.timeOfDayFits(millis) : ValueRanges.timestampFits(millis);
    return fits ? ORDINARY : ValueIds.OUT_OF_RANGE;
  }

  /** Returns the value that a numeric sketch observes for a cell that {@link #isOrdinary}. */
  static double numberOf(Object value) {
    return ((Number) value).doubleValue();
  }

  /** Returns whether a numeric or timestamp cell has an ordinary value. */
  static boolean isOrdinary(TableLayout.Column column, Object value) {
    int special =
        column.type == SemanticType.TIMESTAMP
            ? timestampSpecial(column, value)
            : numericSpecial(column, value);
    return special == ORDINARY;
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short;
  }
}
