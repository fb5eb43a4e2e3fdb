package io.relstream.sampling;

/**
 * The assembly state of one example besides its pieces. A Flink POJO, so fields are
 * public and mutable.
 */
public class AssemblyStatus {
  /** Credit returned by the pieces so far. */
  public long credit;
  /** Whether the seed's piece has arrived. */
  public boolean seedArrived;
  /** Processing time of the registered timeout timer, or 0 when none is registered. */
  public long deadline;

  public AssemblyStatus() {}
}
