package io.relstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.relstream.schema.ColumnSchema;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a JSON cell value into the Java type that the job's change stream gives the tokenizer.
 * Integers become Long, other numbers Double, text String and booleans Boolean. Dates and
 * timestamps become Long epoch milliseconds (UTC), and a SQL time becomes milliseconds of the day.
 * A value of the wrong JSON type is rejected with a message naming the column.
 */
final class JsonCells {
  private JsonCells() {}

  /**
   * Returns the value of a cell, null for JSON null.
   *
   * @param name the cell's name for messages: {@code table.column}, for a parent's cell followed by the request
   *     field of its row
   * @throws ApiException (400) when the value does not fit the column's type
   */
  static Object read(String name, ColumnSchema column, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return switch (column.semanticType()) {
      case KEY -> key(name, value);
      case NUMERIC -> number(name, column, value);
      case TIMESTAMP -> isTimeOfDay(column) ? timeOfDay(name, value) : timestamp(name, value);
      case CATEGORICAL -> isBoolean(column) ? bool(name, value) : text(name, column, value);
      case TEXT -> text(name, column, value);
    };
  }

  private static Object key(String name, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      return value.asText();
    }
    throw wrongType(name, "key", "an integer or a string", value);
  }

  private static Object number(String name, ColumnSchema column, JsonNode value) {
    if (!value.isNumber()) {
      throw wrongType(name, column.sqlType(), "a number", value);
    }
    if (isIntegral(column)) {
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw wrongType(name, column.sqlType(), "an integer within the 64-bit range", value);
      }
      return value.asLong();
    }
    return value.asDouble();
  }

  /** Reads epoch milliseconds, or an ISO-8601 date, date-time or instant; a time without offset is UTC. */
  private static Object timestamp(String name, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (!value.isTextual()) {
      throw wrongType(name, "timestamp", "epoch milliseconds or an ISO-8601 date or date-time", value);
    }
    String text = value.asText().strip();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw wrongType(name, "timestamp", "epoch milliseconds or an ISO-8601 date or date-time", value);
    }
  }

  private static Object timeOfDay(String name, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return LocalTime.parse(value.asText().strip()).toNanoOfDay() / 1_000_000L;
      } catch (DateTimeParseException e) {
        // Falls through to the type error below.
      }
    }
    throw wrongType(name, "time", "milliseconds of the day or an ISO-8601 time such as 13:45:00", value);
  }

  private static Object bool(String name, JsonNode value) {
    if (!value.isBoolean()) {
      throw wrongType(name, "boolean", "true or false", value);
    }
    return value.asBoolean();
  }

  private static Object text(String name, ColumnSchema column, JsonNode value) {
    if (!value.isTextual()) {
      throw wrongType(name, column.sqlType(), "a string", value);
    }
    return value.asText();
  }

  private static boolean isIntegral(ColumnSchema column) {
    return switch (column.jdbcType()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
      default -> false;
    };
  }

  private static boolean isBoolean(ColumnSchema column) {
    return column.jdbcType() == Types.BOOLEAN || column.jdbcType() == Types.BIT;
  }

  /** Returns whether the column is a SQL time, which carries milliseconds of the day as in the tokenizer. */
  static boolean isTimeOfDay(ColumnSchema column) {
    if (column.jdbcType() == Types.TIME || column.jdbcType() == Types.TIME_WITH_TIMEZONE) {
      return true;
    }
    String sqlType = column.sqlType().toLowerCase(Locale.ROOT);
    return sqlType.equals("time") || sqlType.equals("timetz") || sqlType.startsWith("time ");
  }

  /** Returns epoch milliseconds as ISO-8601 text, for responses. */
  static String isoInstant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** Returns milliseconds of the day as ISO-8601 time text, for responses. */
  static String isoTime(long millis) {
    long clamped = Math.max(0, Math.min(millis, 86_399_999L));
    return LocalTime.ofNanoOfDay(clamped * 1_000_000L).toString();
  }

  private static ApiException wrongType(String name, String type, String expected, JsonNode value) {
    return ApiException.badRequest("Wrong type of value for column " + name + " (" + type + "): expected "
        + expected + ", got " + describe(value));
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown;
  }
}
