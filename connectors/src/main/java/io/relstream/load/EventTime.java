package io.relstream.load;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Sort key of a row's event time in a replay. Dates and timestamps compare as timestamps (a date
 * is its midnight), numbers as numbers and other values as text. {@link #UNKNOWN}, the key of a
 * row without event time, sorts after every other key.
 */
final class EventTime implements Comparable<EventTime> {

  /** Key of a row whose event time is NULL or cannot be determined. */
  static final EventTime UNKNOWN = new EventTime(Kind.UNKNOWN, null, null);

  /** Kinds in sort order, so that a dataset that mixes kinds still gets a total order. */
  private enum Kind { TIMESTAMP, NUMBER, TEXT, UNKNOWN }

  private final Kind kind;
  private final Comparable<Object> value;
  private final String text;

  @SuppressWarnings("unchecked")
  private EventTime(Kind kind, Comparable<?> value, String text) {
    this.kind = kind;
    this.value = (Comparable<Object>) value;
    this.text = text;
  }

  /** Returns the key of {@code text}, a value of a column of {@code type}, or {@link #UNKNOWN} for null. */
  static EventTime of(ColumnType type, String text) {
    Object parsed = text == null ? null : type.parse(text);
    if (parsed instanceof LocalDate date) {
      return new EventTime(Kind.TIMESTAMP, date.atStartOfDay(), text);
    }
    if (parsed instanceof LocalDateTime timestamp) {
      return new EventTime(Kind.TIMESTAMP, timestamp, text);
    }
    if (parsed instanceof Number number) {
      return new EventTime(Kind.NUMBER, number.doubleValue(), text);
    }
    return parsed == null ? UNKNOWN : new EventTime(Kind.TEXT, text, text);
  }

  /** Returns the later of the two keys, {@link #UNKNOWN} when either is unknown. */
  static EventTime max(EventTime a, EventTime b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  boolean isKnown() {
    return kind != Kind.UNKNOWN;
  }

  /** Returns the value as the CSV file writes it, or null for {@link #UNKNOWN}. */
  String text() {
    return text;
  }

  @Override
  public int compareTo(EventTime other) {
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0 || kind == Kind.UNKNOWN) {
      return byKind;
    }
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventTime time && compareTo(time) == 0;
  }

  @Override
  public int hashCode() {
    return kind == Kind.UNKNOWN ? 0 : value.hashCode();
  }

  @Override
  public String toString() {
    return isKnown() ? text : "unknown";
  }
}
