package io.relstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File helpers for the servers' work directories: recursive deletion and log tails. */
final class WorkFiles {

  private WorkFiles() {}

  /** Deletes {@code path} and everything below it. A path that does not exist is ignored. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path entry : deepestFirst) {
        Files.deleteIfExists(entry);
      }
    } catch (UncheckedIOException e) {
      // Files.walk reports errors of the directory iteration this way.
      throw e.getCause();
    }
  }

  /**
   * Returns the last {@code maxLines} lines of a text file for an error message. A missing or
   * unreadable file yields a short note instead of an exception.
   */
  static String tail(Path file, int maxLines) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
      return String.join(System.lineSeparator(), last);
    } catch (NoSuchFileException e) {
      return "(log file " + file + " does not exist)";
    } catch (IOException e) {
      return "(log file " + file + " could not be read: " + e + ")";
    }
  }
}
