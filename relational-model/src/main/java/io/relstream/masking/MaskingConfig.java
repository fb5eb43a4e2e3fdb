package io.relstream.masking;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The masking objective: the rate, the mix of strategies, whether correlated masking takes a row's
 * children along and which rows may have masked cells. Immutable; the constructor validates every
 * value.
 *
 * @param rate the share of maskable cells to mask, in [0.10, 0.40]
 * @param weights the share of examples that each strategy masks; positive weights that sum to 1
 * @param correlatedChildren whether correlated masking masks a chosen row's children in the
 *     example with it: the child rows reached from it, and for a parent the row it was reached from
 * @param targetRows the rows whose cells may be masked; with {@link TargetRows#SEED} the rate
 *     applies to the seed row's cells and correlated masking masks the seed row alone
 */
public record MaskingConfig(
    double rate,
    Map<MaskingStrategy, Double> weights,
    boolean correlatedChildren,
    TargetRows targetRows)
    implements Serializable {
  public static final double MIN_RATE = 0.10;
  public static final double MAX_RATE = 0.40;
  public static final double DEFAULT_RATE = 0.15;

  /** Tolerance of the sum of the weights, so that 0.7 + 0.3 written in decimal passes. */
  private static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  public MaskingConfig {
    if (!(rate >= MIN_RATE && rate <= MAX_RATE)) {
      throw new IllegalArgumentException(
          "Mask rate must be in [" + MIN_RATE + ", " + MAX_RATE + "] but was " + rate);
    }
    weights = checkWeights(weights);
    // Java serialization rebuilds a record through this constructor, and a config serialized before
    // this component existed has null here. Those configs masked every row.
    targetRows = Objects.requireNonNullElse(targetRows, TargetRows.ALL);
  }

  /** Creates a config that may mask the cells of every row. */
  public MaskingConfig(
      double rate, Map<MaskingStrategy, Double> weights, boolean correlatedChildren) {
    this(rate, weights, correlatedChildren, TargetRows.ALL);
  }

  /** Returns this config with other target rows. */
  public MaskingConfig withTargetRows(TargetRows rows) {
    return new MaskingConfig(rate, weights, correlatedChildren, rows);
  }

  /** Returns a config that uses one strategy for every example, without children. */
  public static MaskingConfig of(double rate, MaskingStrategy strategy) {
    return new MaskingConfig(rate, Map.of(strategy, 1.0), false);
  }

  /**
   * Parses a strategy mix: one option name such as {@code column-aware}, or comma-separated
   * {@code name:weight} pairs such as {@code uniform:0.7,correlated:0.3} whose weights sum to 1.
   *
   * @throws IllegalArgumentException when the text names an unknown strategy, repeats one or has
   *     weights that are not positive or do not sum to 1
   */
  public static Map<MaskingStrategy, Double> parseWeights(String text) {
    Map<MaskingStrategy, Double> weights = new EnumMap<>(MaskingStrategy.class);
    for (String part : text.split(",", -1)) {
      int colon = part.indexOf(':');
      String name = colon < 0 ? part : part.substring(0, colon);
      double weight = colon < 0 ? 1.0 : parseWeight(part.substring(colon + 1), part);
      MaskingStrategy strategy = MaskingStrategy.fromOptionName(name);
      if (weights.put(strategy, weight) != null) {
        throw new IllegalArgumentException(
            "Masking strategy " + strategy.optionName() + " appears twice in '" + text + "'");
      }
    }
    return checkWeights(weights);
  }

  private static double parseWeight(String weight, String part) {
    try {
      return Double.parseDouble(weight.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid masking weight in '" + part + "': expected name:weight with a number", e);
    }
  }

  private static Map<MaskingStrategy, Double> checkWeights(Map<MaskingStrategy, Double> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("A masking config needs at least one strategy");
    }
    double sum = 0;
    for (Map.Entry<MaskingStrategy, Double> entry : weights.entrySet()) {
      double weight = entry.getValue();
      if (!(weight > 0 && weight <= 1)) {
        throw new IllegalArgumentException(
            "Masking weight of " + entry.getKey().optionName() + " must be in (0, 1] but was "
                + weight);
      }
      sum += weight;
    }
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException("Masking weights must sum to 1 but sum to " + sum);
    }
    return Map.copyOf(new EnumMap<>(weights));
  }
}
