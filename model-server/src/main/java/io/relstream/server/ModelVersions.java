package io.relstream.server;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The model versions known to the server and the current one: the pinned version while it is
 * known, otherwise the highest. Thread-safe. A request that needs a model takes {@link #current()}
 * once and uses that version throughout, so a switch between two calls never mixes versions.
 */
final class ModelVersions {
  private final TreeMap<Long, ModelVersion> versions = new TreeMap<>();
  private Long pinned;

  synchronized void put(ModelVersion version) {
    versions.put(version.version(), version);
  }

  synchronized void remove(long version) {
    versions.remove(version);
  }

  synchronized void pin(Long version) {
    pinned = version;
  }

  synchronized Optional<ModelVersion> get(long version) {
    return Optional.ofNullable(versions.get(version));
  }

  synchronized OptionalLong pinned() {
    return pinned == null ? OptionalLong.empty() : OptionalLong.of(pinned);
  }

  synchronized Optional<ModelVersion> current() {
    if (pinned != null && versions.containsKey(pinned)) {
      return Optional.of(versions.get(pinned));
    }
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
  }

  /** Returns every known version, lowest first. */
  synchronized List<ModelVersion> all() {
    return List.copyOf(versions.values());
  }

  synchronized int size() {
    return versions.size();
  }
}
