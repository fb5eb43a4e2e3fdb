package io.relstream.masking;

import java.util.Locale;

/** The rule by which a masker chooses the cells of an example that training hides from the encoder. */
public enum MaskingStrategy {
  /** Each maskable cell is masked with the rate's probability, independently of the others. */
  UNIFORM("uniform"),
  /**
   * Each column is masked at the rate in proportion to how often its cells occur, by keeping every
   * column's running count of masked cells close to the rate times its count of offered cells.
   * Forced masks (every example masks at least one cell) are charged to the most under-masked
   * column, so rare columns are neither starved nor flooded.
   */
  COLUMN_AWARE("column-aware"),
  /**
   * Whole rows are masked together: each row with a maskable cell is chosen with the rate's
   * probability, optionally with its children in the example.
   */
  CORRELATED("correlated");

  private final String optionName;

  MaskingStrategy(String optionName) {
    this.optionName = optionName;
  }

  /** Returns the name that configurations use, such as {@code column-aware}. */
  public String optionName() {
    return optionName;
  }

  /**
   * Returns the strategy with this option name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static MaskingStrategy fromOptionName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (MaskingStrategy strategy : values()) {
      if (strategy.optionName.equals(wanted)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "Unknown masking strategy '" + name + "': expected uniform, column-aware or correlated");
  }
}
