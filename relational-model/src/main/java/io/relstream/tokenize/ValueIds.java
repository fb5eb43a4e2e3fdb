package io.relstream.tokenize;

/**
 * The layout of the shared value vocabulary, which has the same size for every tokenizer version:
 * {@link #RESERVED} special ids, then the numeric bins, then the categorical vocabulary slots, then
 * the hashed buckets. Bins and slots are shared by all columns, and the column identity that each
 * token carries distinguishes them, so the id space stays bounded however many columns a schema has.
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

  /**
   * The class target of a categorical value outside the column's vocabulary. It is never an input
   * id: the input of such a value is its hashed bucket, which keeps some of its identity.
   */
  public static final int OOV = 8;

  /**
   * A value outside its SQL type's range, such as a number beyond the double range, an int4 column
   * with a larger integer or a timestamp outside PostgreSQL's range. It is never a prediction target.
   */
  public static final int OUT_OF_RANGE = 9;

  /**
   * Text that is not valid Unicode: bytes that are not valid UTF-8, or a string with an unpaired
   * surrogate; never a prediction target.
   */
  public static final int INVALID_TEXT = 10;

  /**
   * A timestamp later than the example's seed time in a column other than the table's time column.
   * Its value would leak the future, so the token only marks that the cell exists; never a target.
   */
  public static final int FUTURE = 11;

  /** The number of ids reserved for special values; ids 12 to 15 are unused for now. */
  public static final int RESERVED = 16;

  private ValueIds() {}

  /**
   * Returns whether the model should learn to predict a token with this special or ordinary value
   * id. NULL, NaN, the infinities, the empty string and OOV are real properties of a cell and count
   * as targets. PAD, MASK, INVALID, OUT_OF_RANGE, INVALID_TEXT and FUTURE do not describe readable
   * data, so they are not targets.
   */
  public static boolean isClassTarget(int valueId) {
    return switch (valueId) {
      case PAD, MASK, INVALID, OUT_OF_RANGE, INVALID_TEXT, FUTURE -> false;
      default -> valueId >= 0;
    };
  }
}
