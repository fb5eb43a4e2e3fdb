package io.relstream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads job options from a file of {@code KEY: VALUE} lines, the flat form of Flink's configuration
 * file, so that a Kubernetes ConfigMap can carry them. Blank lines and lines starting with
 * {@code #} are skipped, and a value may be wrapped in single or double quotes.
 */
final class OptionsFile {

  private OptionsFile() {}

  /** Returns the file's options in file order; errors name the option, the file and the line. */
  static Map<String, String> read(String fileKey, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the options file " + file + " named by " + fileKey, e);
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        throw new IllegalArgumentException("Invalid line " + (i + 1) + " of the options file " + file + " named by "
            + fileKey + ": '" + line + "' (expected KEY: VALUE)");
      }
      options.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 2).strip()));
    }
    return options;
  }

  private static String unquote(String value) {
    boolean quoted = value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }
}
