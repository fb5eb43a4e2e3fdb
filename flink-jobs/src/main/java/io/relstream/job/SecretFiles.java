package io.relstream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a secret from a file (its first line) or from an environment variable. The value is
 * returned to the caller only; messages name the option, the file or the variable, never the value.
 */
final class SecretFiles {

  private SecretFiles() {}

  /**
   * Returns the secret from {@code file} when it is given, else from the variable {@code envName}
   * of {@code environment}, else an empty string.
   *
   * @param fileKey the option that named the file, for the error message
   */
  static String read(String fileKey, String file, String envName, Map<String, String> environment) {
    if (file != null && !file.isBlank()) {
      return firstLine(fileKey, Path.of(file));
    }
    String value = envName == null || envName.isBlank() ? null : environment.get(envName);
    return value == null ? "" : value;
  }

  private static String firstLine(String fileKey, Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("Invalid value for option " + fileKey + ": " + file
          + " (allowed: a readable file whose first line is the secret)");
    }
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int newline = content.indexOf('\n');
      return (newline < 0 ? content : content.substring(0, newline)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the secret file " + file + " named by " + fileKey, e);
    }
  }
}
