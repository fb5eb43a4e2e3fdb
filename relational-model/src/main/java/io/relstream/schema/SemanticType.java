package io.relstream.schema;

/** The role a column plays for the model, derived from its SQL type and its place in the keys. */
public enum SemanticType {
  /** Part of the primary key or of a foreign key: structure of the graph, never a token to predict. */
  KEY,
  /** Integers and floating-point numbers: binned for classification and normalized for regression. */
  NUMERIC,
  /** Booleans and short bounded strings: a value from a vocabulary. */
  CATEGORICAL,
  /** Dates, times and timestamps, carried as epoch milliseconds (UTC) or milliseconds of the day. */
  TIMESTAMP,
  /** Unbounded text. */
  TEXT
}
