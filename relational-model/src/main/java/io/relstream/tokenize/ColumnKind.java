package io.relstream.tokenize;

/** The way a tokenizer version tokenizes a content column. */
public enum ColumnKind {
  /** Numbers: a quantile bin and a robust-normalized value. */
  NUMERIC,
  /** Dates and timestamps: a quantile bin, a robust-normalized value and calendar features. */
  TIMESTAMP,
  /** SQL {@code time} values: a quantile bin, a robust-normalized value and hour features. */
  TIME_OF_DAY,
  /** A value from the column's vocabulary, or a hashed bucket for rarer values. */
  CATEGORICAL,
  /** Long text: a bag of hashed word pieces. */
  TEXT_BAG
}
