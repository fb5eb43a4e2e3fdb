package io.relstream.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the class path of the Kafka broker's child JVM from the file that any build of the
 * kafka-broker module (from {@code generate-resources} on) writes to
 * {@code kafka-broker/target/broker.classpath}.
 */
final class BrokerClasspath {

  private static final String HOW_TO_CREATE =
      "Build the kafka-broker module first (`mvn -pl kafka-broker package`), which writes kafka-broker/target/broker.classpath.";

  private BrokerClasspath() {}

  /** Returns the class path file that the system property {@code propertyName} names. */
  static Path fileFromSystemProperty(String propertyName) {
    String value = System.getProperty(propertyName);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + propertyName + " is not set. It must name the Kafka broker class path file. "
              + HOW_TO_CREATE);
    }
    return Path.of(value);
  }

  /**
   * Returns the class path in {@code file} after checking that every entry exists, so that a
   * stale file fails here instead of with a ClassNotFoundException inside the child JVM.
   */
  static String read(Path file, String propertyName) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "Kafka broker class path file not found: " + file.toAbsolutePath() + " (system property "
              + propertyName + "). " + HOW_TO_CREATE);
    }
    String classpath = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (classpath.isEmpty()) {
      throw new IOException("Kafka broker class path file is empty: " + file.toAbsolutePath() + ". " + HOW_TO_CREATE);
    }
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new IOException(
            "Kafka broker class path file " + file.toAbsolutePath() + " names a missing jar: " + entry + ". "
                + HOW_TO_CREATE);
      }
    }
    return classpath;
  }
}
