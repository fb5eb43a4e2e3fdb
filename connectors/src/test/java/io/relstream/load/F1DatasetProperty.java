package io.relstream.load;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The system property that names the F1 dataset directory, which the build sets for the ITCases. */
final class F1DatasetProperty {
  static final String NAME = "relstream.dataset.f1";

  private F1DatasetProperty() {}

  /**
   * Returns the F1 dataset directory, or skips the calling test, named by {@code test} in the
   * message, when the property is unset or names a directory without {@code schema.json}.
   */
  static Path directoryOrSkip(String test) {
    String property = System.getProperty(NAME);
    assumeTrue(property != null && Files.isRegularFile(Path.of(property, DatasetSchema.FILE_NAME)),
        "Skipping " + test + ": system property " + NAME + " is " + property
            + ", expected the f1-ergast dataset directory with schema.json");
    return Path.of(property);
  }
}
