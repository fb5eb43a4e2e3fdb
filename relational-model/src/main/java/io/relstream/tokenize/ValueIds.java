package io.relstream.tokenize;

/**
 * The special value ids at the start of the shared value vocabulary. Numeric bins start at {@link
 * #RESERVED} and categorical hash buckets follow the bins.
 */
public final class ValueIds {
  /** Padding after the last token of a short example in a batch. */
  public static final int PAD = 0;

  /** The input id of a masked token during training. */
  public static final int MASK = 1;

  /** A SQL NULL. */
  public static final int NULL = 2;

  /** A value whose Java type does not fit its column's semantic type; never a prediction target. */
  public static final int INVALID = 3;

  /** A floating-point NaN in a numeric column. */
  public static final int NAN = 4;

  /** Positive infinity in a numeric column. */
  public static final int POS_INF = 5;

  /** Negative infinity in a numeric column. */
  public static final int NEG_INF = 6;

  /** An empty string in a categorical or text column. */
  public static final int EMPTY = 7;

  /** The number of ids reserved for special values; ids 8 to 15 are unused for now. */
  public static final int RESERVED = 16;

  private ValueIds() {}

  /**
   * Returns whether the model should learn to predict a token with this value id. NULL, NaN, the
   * infinities and the empty string are real values of a column and count as targets. PAD, MASK and
   * INVALID do not describe the data, so they are not targets.
   */
  public static boolean isClassTarget(int valueId) {
    return valueId >= NULL && valueId != INVALID;
  }
}
