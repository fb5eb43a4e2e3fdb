package io.relstream.masking;

import java.util.Locale;

/** The rows of an example whose cells a masker may choose as prediction targets. */
public enum TargetRows {
  /** Cells of every row: the seed row, its parents and its children. */
  ALL("all"),
  /**
   * Cells of the seed row only. The other rows stay unmasked and serve as context, so a model with
   * context rows gets as many seed-row targets per example as a model trained on the seed row alone.
   */
  SEED("seed");

  private final String optionName;

  TargetRows(String optionName) {
    this.optionName = optionName;
  }

  /** Returns the name that configurations use, such as {@code seed}. */
  public String optionName() {
    return optionName;
  }

  /**
   * Returns the value with this option name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static TargetRows fromOptionName(String name) {
    String requested = name.trim().toLowerCase(Locale.ROOT);
    for (TargetRows rows : values()) {
      if (rows.optionName.equals(requested)) {
        return rows;
      }
    }
    throw new IllegalArgumentException(
        "Invalid masking target rows '" + name + "': expected all or seed");
  }
}
