package io.relstream.masking;

/**
 * The prediction target of one masked token: its original value, kept with its type.
 *
 * @param cell the masked cell's index in its example
 * @param token the token's index in its example
 * @param column the cell's column as {@code table.column}
 * @param type the kind of target
 * @param classIndex the value id to predict for CLASS and BINNED_NUMERIC targets, else -1
 * @param value the robust-normalized value for BINNED_NUMERIC targets, else 0
 */
public record CellTarget(
    int cell, int token, String column, Type type, int classIndex, float value) {

  /** The kind of a target. */
  public enum Type {
    /** A categorical value, a word piece or a special value such as NULL: a class index. */
    CLASS,
    /** A finite number or timestamp: its quantile bin as class index and its normalized value. */
    BINNED_NUMERIC
  }
}
