package io.relstream.reembed;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the re-embedding of unchanged entities: the graph operator sends their seeds again so
 * that their embeddings follow newer model snapshots.
 *
 * @param enabled whether unchanged entities are re-embedded at all
 * @param staleAfter time after an entity's last embedding request at which it is requested again
 * @param maxPerSecond maximum re-embedding requests per second and graph subtask
 */
public record ReembedSettings(boolean enabled, Duration staleAfter, double maxPerSecond) implements Serializable {

  public ReembedSettings {
    if (staleAfter.toMillis() < 1) {
      throw new IllegalArgumentException("The re-embedding interval must be at least 1 ms but was " + staleAfter);
    }
    if (!(maxPerSecond > 0) || Double.isInfinite(maxPerSecond)) {
      throw new IllegalArgumentException("The re-embedding rate must be positive and finite but was " + maxPerSecond);
    }
  }

  /** Returns settings under which no entity is re-embedded without a change. */
  public static ReembedSettings off() {
    return new ReembedSettings(false, Duration.ofHours(1), 1.0);
  }
}
