package io.relstream.example;

/**
 * The position of a row in an example's subgraph: the seed, or the direction of the foreign key
 * through which the row was reached from the row before it on its path ({@link ExampleRow#via()}).
 * At hop 1 that row is the seed.
 */
public enum RowRole {
  /** The row whose change produced the example. */
  SEED,
  /** A row that the row before it references through a foreign key. */
  PARENT,
  /** A row that references the row before it through a foreign key. */
  CHILD
}
