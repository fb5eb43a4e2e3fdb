package io.relstream.modelstore;

import java.util.OptionalLong;

/**
 * The file layout of model versions, which the job writes and model servers read: {@code
 * {directory}/{version as 8 digits}/weights.bin} and {@code manifest.json}, with the manifest
 * written last, so a version exists once its manifest exists. Stateless.
 */
public final class ModelVersionLayout {
  public static final String WEIGHTS = "weights.bin";
  public static final String MANIFEST = "manifest.json";
  private static final long MAX_VERSION = 99_999_999L;

  private ModelVersionLayout() {}

  /** Returns the directory name of a version: the number as 8 digits with leading zeros. */
  public static String directory(long version) {
    if (version < 1 || version > MAX_VERSION) {
      throw new IllegalArgumentException(
          "Model version must be in [1, " + MAX_VERSION + "] but was " + version);
    }
    return String.format("%08d", version);
  }

  public static String weightsPath(long version) {
    return directory(version) + "/" + WEIGHTS;
  }

  public static String manifestPath(long version) {
    return directory(version) + "/" + MANIFEST;
  }

  /** Returns the version that a directory name stands for, or empty for any other name. */
  public static OptionalLong parse(String directoryName) {
    if (directoryName.length() != 8 || !directoryName.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    long version = Long.parseLong(directoryName);
    return version == 0 ? OptionalLong.empty() : OptionalLong.of(version);
  }
}
