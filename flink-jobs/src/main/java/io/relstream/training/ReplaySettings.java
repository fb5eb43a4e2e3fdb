package io.relstream.training;

import java.io.Serializable;

/**
 * How much each batch replays of older seeds.
 *
 * @param ratio the share of each trained batch that replayed examples make up, in [0, 0.9]; 0
 *     turns replay off
 * @param capacity the number of entities the replay reservoir keeps an example of
 */
public record ReplaySettings(double ratio, int capacity) implements Serializable {

  public ReplaySettings {
    if (!(ratio >= 0 && ratio <= 0.9)) {
      throw new IllegalArgumentException("Replay ratio must be in [0, 0.9] but was " + ratio);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("Replay capacity must be at least 1 but was " + capacity);
    }
  }

  /** Returns settings that replay nothing. */
  public static ReplaySettings off() {
    return new ReplaySettings(0, 1);
  }

  /**
   * Returns the number of replayed examples that makes them {@code ratio} of a batch with {@code
   * fresh} fresh examples, rounded to the nearest whole example.
   */
  int replayCount(int fresh) {
    return (int) Math.round(ratio * fresh / (1 - ratio));
  }
}
