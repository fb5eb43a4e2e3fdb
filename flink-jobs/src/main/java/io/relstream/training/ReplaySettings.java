package io.relstream.training;

import java.io.Serializable;

/**
 * How much each batch replays of older seeds.
 *
 * @param ratio the share of each trained batch that replayed examples make up, in [0, 0.9]; 0
 *     turns replay off
 * @param capacity the number of entities the replay reservoir keeps an example of
 * @param fillTo the batch size up to which replayed examples fill a batch with fewer fresh
 *     examples, or 0 for no filling. It applies only when {@code ratio} is above 0.
 */
public record ReplaySettings(double ratio, int capacity, int fillTo) implements Serializable {

  public ReplaySettings {
    if (!(ratio >= 0 && ratio <= 0.9)) {
      throw new IllegalArgumentException("Replay ratio must be in [0, 0.9] but was " + ratio);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("Replay capacity must be at least 1 but was " + capacity);
    }
    if (fillTo < 0) {
      throw new IllegalArgumentException("Replay fill size must be at least 0 but was " + fillTo);
    }
  }

  /** Creates settings that replay {@code ratio} of each batch and fill no batch up. */
  public ReplaySettings(double ratio, int capacity) {
    this(ratio, capacity, 0);
  }

  /** Returns settings that replay nothing. */
  public static ReplaySettings off() {
    return new ReplaySettings(0, 1);
  }

  /**
   * Returns the number of replayed examples that makes them {@code ratio} of a batch with {@code
   * fresh} fresh examples, rounded to the nearest whole example. When that batch would stay below
   * {@code fillTo}, it returns enough to reach it instead. With ratio 0 it returns 0.
   */
  int replayCount(int fresh) {
    if (ratio == 0) {
      return 0;
    }
    int proportional = (int) Math.round(ratio * fresh / (1 - ratio));
    return Math.max(proportional, fillTo - fresh);
  }
}
