package io.relstream.server;

import io.relstream.modelstore.LoadedModelVersion;
import io.relstream.modelstore.LocalModelStore;
import io.relstream.modelstore.ModelVersionLayout;
import io.relstream.modelstore.ModelVersionReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Loads an announced model version from the location its announcement names: the URI of the
 * version's directory, {@code {model.directory}/{8 digits}}, which contains {@code weights.bin} and
 * {@code manifest.json}. The class keeps no state.
 *
 * <p>NOTE: only {@code file:} URIs load here. A model directory in an object store (s3://, gs://,
 * abfs://) needs a {@link io.relstream.modelstore.ModelStore} over that store's client with its
 * credentials, rooted at the location's parent; the layout and the reader stay the same.
 */
final class VersionFiles {
  private VersionFiles() {}

  /**
   * Loads the version: its manifest, an encoder with its weights and a tokenizer fixed to its
   * tokenizer version.
   *
   * @throws IOException when the files cannot be read
   * @throws IllegalArgumentException when the location is no file URI of the version's directory,
   *     or the files do not form a valid version
   */
  static LoadedModelVersion load(ModelVersion version) throws IOException {
    Path directory = directory(version.location());
    String expected = ModelVersionLayout.directory(version.version());
    if (directory.getFileName() == null || !directory.getFileName().toString().equals(expected)) {
      throw new IllegalArgumentException("location " + version.location() + " of version " + version.version()
          + " does not end in the version's directory " + expected);
    }
    return new ModelVersionReader(new LocalModelStore(directory.getParent())).load(version.version());
  }

  private static Path directory(String location) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid model version location " + location + ": " + e.getMessage() + "; announce a file: URI", e);
    }
    if (!"file".equals(uri.getScheme())) {
      throw new IllegalArgumentException("location " + location + " has the scheme " + uri.getScheme()
          + ", but this server reads only file: URIs");
    }
    Path path = Path.of(uri).normalize();
    if (path.getParent() == null) {
      throw new IllegalArgumentException("location " + location + " names no version directory");
    }
    return path;
  }
}
