package io.relstream.example;

/** The position of a row in an example's subgraph, relative to the seed. */
public enum RowRole {
  /** The row whose change produced the example. */
  SEED,
  /** A row that the seed references through a foreign key. */
  PARENT,
  /** A row that references the seed through a foreign key. */
  CHILD
}
