package io.relstream.modelstore;

import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.tokenize.Tokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads model versions from a {@link ModelStore}: lists the complete ones (those with a manifest),
 * reads manifests and loads a version into an encoder and a tokenizer. Thread-safe when the store
 * is.
 */
public final class ModelVersionReader {
  private final ModelStore store;

  public ModelVersionReader(ModelStore store) {
    this.store = store;
  }

  /** Returns the versions that have a manifest, in increasing order. */
  public List<Long> versions() throws IOException {
    List<Long> versions = new ArrayList<>();
    for (String name : store.directories()) {
      OptionalLong version = ModelVersionLayout.parse(name);
      if (version.isPresent() && store.exists(ModelVersionLayout.manifestPath(version.getAsLong()))) {
        versions.add(version.getAsLong());
      }
    }
    versions.sort(null);
    return versions;
  }

  /** Returns the newest complete version, or empty when there is none. */
  public OptionalLong latest() throws IOException {
    List<Long> versions = versions();
    return versions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(versions.get(versions.size() - 1));
  }

  /**
   * Reads a version's manifest.
   *
   * @throws IllegalArgumentException when the manifest is invalid or names another version
   */
  public ModelManifest manifest(long version) throws IOException {
    ModelManifest manifest = ManifestJson.read(store.read(ModelVersionLayout.manifestPath(version)));
    if (manifest.version() != version) {
      throw new IllegalArgumentException(
          "Manifest of version " + version + " names version " + manifest.version());
    }
    return manifest;
  }

  /**
   * Loads a version: an encoder with its weights and step, and a tokenizer that tokenizes with its
   * tokenizer version. The caller closes the result, which releases the encoder's arrays.
   *
   * @throws IllegalArgumentException when the manifest is invalid or the weights do not fit its
   *     encoder config
   */
  public LoadedModelVersion load(long version) throws IOException {
    ModelManifest manifest = manifest(version);
    byte[] weights = store.read(ModelVersionLayout.weightsPath(version));
    Tokenizer tokenizer = new Tokenizer(manifest.schema(), manifest.tokenizerConfig());
    tokenizer.useVersion(manifest.tokenizer());
    RelationalEncoderModel model = new RelationalEncoderModel(manifest.encoder());
    try {
      model.loadParameters(weights, manifest.step());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new LoadedModelVersion(manifest, model, tokenizer);
  }
}
