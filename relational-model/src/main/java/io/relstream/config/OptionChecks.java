package io.relstream.config;

/**
 * Start-up checks of configuration values. Each failure names the option key, the allowed range and
 * the value given, so that a user can fix the setting without reading code.
 */
public final class OptionChecks {

  private OptionChecks() {}

  /** Returns the value or throws when it lies outside {@code [min, max]}. */
  public static int inRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(key, min + ".." + max, value);
    }
    return value;
  }

  /** Returns the value or throws when it lies outside {@code [min, max]}. */
  public static long inRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw invalid(key, min + ".." + max, value);
    }
    return value;
  }

  /** Returns the value or throws when it is not finite or lies outside {@code [min, max]}. */
  public static double inRange(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw invalid(key, min + ".." + max, value);
    }
    return value;
  }

  /** Returns the value or throws when it is null or blank. */
  public static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing required option " + key);
    }
    return value;
  }

  /** Returns an exception for a value outside its allowed range. */
  public static IllegalArgumentException invalid(String key, String allowed, Object value) {
    return new IllegalArgumentException(
        "Invalid value for option " + key + ": " + value + " (allowed: " + allowed + ")");
  }
}
