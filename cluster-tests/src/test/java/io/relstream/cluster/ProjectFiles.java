package io.relstream.cluster;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the deployment files of the project for the consistency tests. */
final class ProjectFiles {
  static final Path ROOT = Path.of(System.getProperty("relstream.project.dir", ".."));

  private ProjectFiles() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  /** Parses a one-document Kubernetes YAML file of the project into {@code type}. */
  static <T> T kubernetes(String relative, Class<T> type) throws IOException {
    try (InputStream input = Files.newInputStream(path(relative))) {
      return Serialization.unmarshal(input, type);
    }
  }

  static String text(String relative) throws IOException {
    return Files.readString(path(relative));
  }
}
