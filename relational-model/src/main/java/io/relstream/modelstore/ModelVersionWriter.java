package io.relstream.modelstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes immutable model versions into a {@link ModelStore} in the {@link ModelVersionLayout}: the
 * weights first, the manifest last, so that a version exists for readers once its manifest does.
 * It then prunes all but the newest {@code retained} versions. Not thread-safe.
 */
public final class ModelVersionWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ModelVersionWriter.class);

  private final ModelStore store;
  private final int retained;

  /**
   * @param retained the number of newest complete versions to keep, at least 1
   */
  public ModelVersionWriter(ModelStore store, int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("retained must be at least 1 but was " + retained);
    }
    this.store = store;
    this.retained = retained;
  }

  /**
   * Returns the highest version number that has a directory, complete or not, or 0 when there is
   * none. A writer continues after it, so that it never writes into a directory a crashed run left
   * behind.
   */
  public long highestVersion() throws IOException {
    long highest = 0;
    for (String name : store.directories()) {
      OptionalLong version = ModelVersionLayout.parse(name);
      if (version.isPresent()) {
        highest = Math.max(highest, version.getAsLong());
      }
    }
    return highest;
  }

  /**
   * Writes a version's weights and then its manifest, and prunes old versions.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the version's files exist
   */
  public ModelVersionInfo write(ModelManifest manifest, byte[] weights) throws IOException {
    long version = manifest.version();
    store.write(ModelVersionLayout.weightsPath(version), weights);
    store.write(ModelVersionLayout.manifestPath(version), ManifestJson.write(manifest));
    prune(version);
    return new ModelVersionInfo(
        version,
        manifest.step(),
        manifest.createdAtMillis(),
        store.uri(ModelVersionLayout.directory(version)),
        store.uri(ModelVersionLayout.manifestPath(version)));
  }

  /**
   * Deletes the complete versions older than the newest {@code retained}, and the incomplete
   * directories older than the newest version, which a crashed writer left behind.
   */
  private void prune(long newest) throws IOException {
    List<Long> complete = new ArrayList<>();
    List<Long> incomplete = new ArrayList<>();
    for (String name : store.directories()) {
      OptionalLong parsed = ModelVersionLayout.parse(name);
      if (parsed.isEmpty() || parsed.getAsLong() > newest) {
        continue;
      }
      long version = parsed.getAsLong();
      if (store.exists(ModelVersionLayout.manifestPath(version))) {
        complete.add(version);
      } else {
        incomplete.add(version);
      }
    }
    complete.sort(null);
    List<Long> deleted = new ArrayList<>(incomplete);
    deleted.addAll(complete.subList(0, Math.max(0, complete.size() - retained)));
    for (long version : deleted) {
      deleteVersion(version);
    }
    if (!deleted.isEmpty()) {
      LOG.info("Pruned model versions {}; keeping the newest {}", deleted, retained);
    }
  }

  /** Deletes the manifest first, so that a reader never finds a version whose weights are gone. */
  private void deleteVersion(long version) throws IOException {
    store.delete(ModelVersionLayout.manifestPath(version));
    store.deleteDirectory(ModelVersionLayout.directory(version));
  }
}
