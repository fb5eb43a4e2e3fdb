package io.relstream.cdc;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;

/**
 * Converts Kafka Connect values, as Debezium's PostgreSQL connector produces them, to the Java
 * types of {@link RowChange}. Semantic type names come from Debezium 1.9's {@code io.debezium.time}
 * and {@code io.debezium.data} packages.
 */
final class ConnectValues {
  private static final long MILLIS_PER_DAY = TimeUnit.DAYS.toMillis(1);

  private ConnectValues() {}

  /** Returns the value in the job's types, or a String for a value this class does not know. */
  static Object convert(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String name = schema.name();
    if (name != null) {
      Object converted = convertNamed(name, value);
      if (converted != null) {
        return converted;
      }
    }
    return convertPrimitive(value);
  }

  private static Object convertNamed(String name, Object value) {
    switch (name) {
      case "io.debezium.time.Date":
        return ((Number) value).longValue() * MILLIS_PER_DAY;
      case "io.debezium.time.Time":
      case "io.debezium.time.Timestamp":
        return ((Number) value).longValue();
      case "io.debezium.time.MicroTime":
      case "io.debezium.time.MicroTimestamp":
        return Math.floorDiv(((Number) value).longValue(), 1_000L);
      case "io.debezium.time.NanoTime":
      case "io.debezium.time.NanoTimestamp":
        return Math.floorDiv(((Number) value).longValue(), 1_000_000L);
      case "io.debezium.time.ZonedTimestamp":
        return parseZoned(value.toString());
      case "org.apache.kafka.connect.data.Date":
      case "org.apache.kafka.connect.data.Timestamp":
      case "org.apache.kafka.connect.data.Time":
        return ((Date) value).getTime();
      case "org.apache.kafka.connect.data.Decimal":
        return ((BigDecimal) value).doubleValue();
      default:
        return null;
    }
  }

  private static Object parseZoned(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException again) {
        // Kept as text: the tokenizer turns a String in a timestamp column into its invalid token.
        return text;
      }
    }
  }

  private static Object convertPrimitive(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof Long || value instanceof Double || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).doubleValue();
    }
    return value.toString();
  }
}
