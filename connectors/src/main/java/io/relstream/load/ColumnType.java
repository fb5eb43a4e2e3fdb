package io.relstream.load;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * PostgreSQL column types that the loader infers from CSV values, from the narrowest to
 * {@link #TEXT}, which accepts every value.
 */
enum ColumnType {
  INTEGER("integer"),
  BIGINT("bigint"),
  DOUBLE("double precision"),
  BOOLEAN("boolean"),
  DATE("date"),
  TIME("time"),
  TIMESTAMP("timestamp"),
  TEXT("text");

  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d{1,19}");
  // NOTE: NaN and Infinity are not accepted, because the F1 dataset has none. A column with them becomes text.
  private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME_TEXT = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");
  private static final Pattern TIMESTAMP_TEXT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?");

  private final String sqlName;

  ColumnType(String sqlName) {
    this.sqlName = sqlName;
  }

  /** Returns the type as PostgreSQL spells it in DDL. */
  String sqlName() {
    return sqlName;
  }

  boolean accepts(String value) {
    return parse(value) != null;
  }

  /**
   * Parses a non-null CSV value into a Java value that compares equal for equal keys: Long for
   * both integer types, so that keys of either width match. Returns null when the value is not
   * valid for this type.
   */
  Object parse(String value) {
    return switch (this) {
      case INTEGER -> parseLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> parseLong(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case DOUBLE -> parseDouble(value);
      case BOOLEAN -> parseBoolean(value);
      case DATE -> DATE_TEXT.matcher(value).matches() ? parseTemporal(() -> inCommonEra(LocalDate.parse(value))) : null;
      case TIME -> TIME_TEXT.matcher(value).matches() ? parseTemporal(() -> LocalTime.parse(value)) : null;
      case TIMESTAMP -> TIMESTAMP_TEXT.matcher(value).matches()
          ? parseTemporal(() -> inCommonEra(LocalDateTime.parse(value.replace(' ', 'T'))))
          : null;
      // PostgreSQL text cannot store the NUL character.
      case TEXT -> value.indexOf('\u0000') < 0 ? value : null;
    };
  }

  private static Long parseLong(String value, long min, long max) {
    if (!INTEGER_TEXT.matcher(value).matches()) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value);
      return parsed >= min && parsed <= max ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String value) {
    if (!DECIMAL_TEXT.matcher(value).matches()) {
      return null;
    }
    double parsed = Double.parseDouble(value);
    // PostgreSQL rejects a literal beyond the double range instead of rounding it to infinity.
    return Double.isInfinite(parsed) ? null : parsed;
  }

  private static Boolean parseBoolean(String value) {
    if (value.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    return value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  /** Returns null for year 0, which java.time accepts and PostgreSQL rejects. */
  private static Temporal inCommonEra(Temporal value) {
    return value.get(ChronoField.YEAR) >= 1 ? value : null;
  }

  private static Object parseTemporal(Supplier<Object> parser) {
    try {
      return parser.get();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
