package io.relstream.encoder;

/** The encoder's attention layout, which decides the keys that each head may attend to. */
public enum AttentionMode {
  /**
   * Relational attention: the heads of every layer are split into four equal groups with column,
   * feature, neighbour and full attention, as {@link AttentionBias} defines them.
   */
  RELATIONAL,
  /** Every head attends to every token of its example. */
  FULL;

  /** Returns the mode of an option value, {@code relational} or {@code full}, in any case. */
  public static AttentionMode parse(String value) {
    for (AttentionMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "attention must be relational or full but was '" + value + "'");
  }
}
