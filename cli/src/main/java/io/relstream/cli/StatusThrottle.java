package io.relstream.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses which of the demo's status lines to print. A line whose fields changed since the last
 * printed one is printed at once. An unchanged line is printed only every
 * {@link #UNCHANGED_INTERVAL_SECONDS}, with the time of the last change, so that a quiet job does
 * not fill the console with copies but still shows that the demo runs. Not thread-safe.
 */
final class StatusThrottle {
  /** Time between two prints of an unchanged status line, in seconds. */
  static final long UNCHANGED_INTERVAL_SECONDS = 60;

  private String lastFields;
  private long lastPrintSeconds;
  private long lastChangeSeconds;

  /**
   * Returns the line to print for the status {@code fields} at {@code seconds} after the demo's
   * start, or empty when the same fields were printed less than the interval ago.
   */
  Optional<String> line(long seconds, String fields) {
    if (!fields.equals(lastFields)) {
      lastFields = fields;
      lastChangeSeconds = seconds;
      lastPrintSeconds = seconds;
      return Optional.of(elapsed(seconds) + fields);
    }
    if (seconds - lastPrintSeconds < UNCHANGED_INTERVAL_SECONDS) {
      return Optional.empty();
    }
    lastPrintSeconds = seconds;
    return Optional.of(elapsed(seconds) + fields + " | unchanged since " + lastChangeSeconds + " s");
  }

  /** Formats the elapsed-time prefix of a status line. */
  static String elapsed(long seconds) {
    return String.format(Locale.ROOT, "[%4ds] ", seconds);
  }
}
