package io.relstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the demo's temporary files. */
final class DemoFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DemoFiles.class);

  private DemoFiles() {}

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(DemoFiles::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("Could not remove the demo directory {}", root, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Could not remove {}", path, e);
    }
  }
}
