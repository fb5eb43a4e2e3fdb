package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses the masked cells of examples by the configured mix of strategies: each example draws
 * one strategy by its weight. Key columns have no tokens, and cells without a target (identifier
 * columns, unreadable values) are never masked. With {@link TargetRows#SEED} only the seed row's
 * cells are candidates, and every other row stays visible. Every example with a candidate cell
 * gets at least one masked cell. Randomness comes from the caller, so a caller that derives it from the training
 * step masks the same after a restore. Not thread-safe: the column-aware counts are state, which
 * {@link #snapshot()} and {@link #restore(byte[])} carry across restarts.
 */
public final class Masker {
  /** The seed row's index: a tokenized example lists the seed row's cells first. */
  private static final int SEED_ROW = 0;

  private final MaskingConfig config;
  private final MaskingStrategy[] strategies;
  private final double[] cumulativeWeights;
  private final ColumnBalance balance = new ColumnBalance();

  public Masker(MaskingConfig config) {
    this.config = config;
    Map<MaskingStrategy, Double> weights = config.weights();
    strategies = new MaskingStrategy[weights.size()];
    cumulativeWeights = new double[weights.size()];
    int i = 0;
    double sum = 0;
    // Enum order, so that the draw does not depend on the map's iteration order.
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      Double weight = weights.get(strategy);
      if (weight != null) {
        sum += weight;
        strategies[i] = strategy;
        cumulativeWeights[i++] = sum;
      }
    }
  }

  public MaskingConfig config() {
    return config;
  }

  /** Returns the example with its masked cells, drawing randomness from {@code random}. */
  public MaskedExample mask(TokenizedExample example, SplittableRandom random) {
    boolean[] masked = new boolean[example.cellCount()];
    boolean[] candidates = candidateCells(example);
    switch (draw(random)) {
      case UNIFORM -> UniformChooser.choose(candidates, config.rate(), random, masked);
      case COLUMN_AWARE -> balance.choose(example, candidates, config.rate(), random, masked);
      case CORRELATED ->
          CorrelatedChooser.choose(
              example, candidates, config.rate(), correlatedChildren(), random, masked);
    }
    return new MaskedExample(example, masked);
  }

  /** Returns which cells may be masked: those with a target, in the configured rows. */
  private boolean[] candidateCells(TokenizedExample example) {
    boolean[] candidates = new boolean[example.cellCount()];
    boolean seedOnly = config.targetRows() == TargetRows.SEED;
    for (int cell = 0; cell < candidates.length; cell++) {
      candidates[cell] =
          example.isCellMaskable(cell) && (!seedOnly || example.cellRow(cell) == SEED_ROW);
    }
    return candidates;
  }

  /** Seed-row targets leave every context row unmasked, so no children are taken along. */
  private boolean correlatedChildren() {
    return config.correlatedChildren() && config.targetRows() == TargetRows.ALL;
  }

  /**
   * Returns the share of a column's offered cells that column-aware masking masked, or NaN before
   * it offered any.
   */
  public double columnAwareRate(String column) {
    return balance.realizedRate(column);
  }

  /** Returns the column-aware counts in a binary form that {@link #restore(byte[])} reads. */
  public byte[] snapshot() {
    return balance.toBytes();
  }

  /**
   * Replaces the column-aware counts with snapshotted ones.
   *
   * @throws IllegalArgumentException when the bytes cannot be read
   */
  public void restore(byte[] snapshot) {
    balance.readBytes(snapshot);
  }

  private MaskingStrategy draw(SplittableRandom random) {
    if (strategies.length == 1) {
      return strategies[0];
    }
    double x = random.nextDouble();
    for (int i = 0; i < strategies.length - 1; i++) {
      if (x < cumulativeWeights[i]) {
        return strategies[i];
      }
    }
    return strategies[strategies.length - 1];
  }
}
