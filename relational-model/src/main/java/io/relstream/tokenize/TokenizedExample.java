package io.relstream.tokenize;

import java.io.Serializable;

/**
 * The tokens of one example: one token per content cell, the seed row's cells first. Immutable. The
 * per-token accessors take a token index in {@code [0, size())}.
 */
public final class TokenizedExample implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of time features per token. */
  public static final int TIME_FEATURES = TimeFeatures.COUNT;

  private final String seedTable;
  private final String seedKey;
  private final long seedTimeMillis;
  private final long commitTimeMillis;
  private final int[] valueIds;
  private final int[] columnIds;
  private final int[] tableIds;
  private final int[] roleIds;
  private final int[] rowIndexes;
  private final float[] numericValues;

  /** {@link #TIME_FEATURES} values per token, token after token. */
  private final float[] timeFeatures;

  private final int[] targetClasses;
  private final boolean[] regressionTargets;

  /** Takes ownership of the buffer's arrays, which must already be trimmed to the token count. */
  TokenizedExample(
      String seedTable,
      String seedKey,
      long seedTimeMillis,
      long commitTimeMillis,
      TokenBuffer tokens) {
    this.seedTable = seedTable;
    this.seedKey = seedKey;
    this.seedTimeMillis = seedTimeMillis;
    this.commitTimeMillis = commitTimeMillis;
    this.valueIds = tokens.valueIds;
    this.columnIds = tokens.columnIds;
    this.tableIds = tokens.tableIds;
    this.roleIds = tokens.roleIds;
    this.rowIndexes = tokens.rowIndexes;
    this.numericValues = tokens.numericValues;
    this.timeFeatures = tokens.timeFeatures;
    this.targetClasses = tokens.targetClasses;
    this.regressionTargets = tokens.regressionTargets;
  }

  public String seedTable() {
    return seedTable;
  }

  public String seedKey() {
    return seedKey;
  }

  public long seedTimeMillis() {
    return seedTimeMillis;
  }

  public long commitTimeMillis() {
    return commitTimeMillis;
  }

  /** Returns the number of tokens. */
  public int size() {
    return valueIds.length;
  }

  /** Returns the token's id in the shared value vocabulary (see {@link ValueIds}). */
  public int valueId(int token) {
    return valueIds[token];
  }

  /** Returns the bucket of the token's {@code table.column} name. */
  public int columnId(int token) {
    return columnIds[token];
  }

  public int tableId(int token) {
    return tableIds[token];
  }

  /** Returns 0 for a seed cell, 1 for a parent's cell and 2 for a child's cell. */
  public int roleId(int token) {
    return roleIds[token];
  }

  /** Returns the index of the token's row among the rows that produced tokens, the seed being 0. */
  public int rowIndex(int token) {
    return rowIndexes[token];
  }

  /**
   * Returns the clipped z-score of a finite numeric or timestamp cell, and 0 for every other cell.
   */
  public float numericValue(int token) {
    return numericValues[token];
  }

  /**
   * Returns time feature {@code feature} in {@code [0, TIME_FEATURES)}, which is zero unless the
   * cell is a timestamp.
   */
  public float timeFeature(int token, int feature) {
    return timeFeatures[token * TIME_FEATURES + feature];
  }

  /** Returns the class the model should predict for the token, or -1 when it is no class target. */
  public int targetClass(int token) {
    return targetClasses[token];
  }

  /** Returns the regression target, which equals {@link #numericValue(int)}. */
  public float targetValue(int token) {
    return numericValues[token];
  }

  /**
   * Returns whether the token is a finite numeric or timestamp cell, whose value is a regression
   * target.
   */
  public boolean hasRegressionTarget(int token) {
    return regressionTargets[token];
  }

  /** Returns whether masking the token makes sense: it has a class or a regression target. */
  public boolean isMaskable(int token) {
    return targetClasses[token] >= 0 || regressionTargets[token];
  }

  @Override
  public String toString() {
    return "TokenizedExample{"
        + seedTable
        + "/"
        + seedKey
        + "@"
        + seedTimeMillis
        + ", "
        + size()
        + " tokens}";
  }
}
