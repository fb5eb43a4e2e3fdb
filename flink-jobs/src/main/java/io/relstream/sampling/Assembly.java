package io.relstream.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one example gathered so far, kept as a single keyed-state value so that each message
 * costs one state read and one write. A Flink POJO, so fields are public and mutable.
 */
public class Assembly {
  /** The seed's part, or null until it arrives. */
  public PartialExample partial;
  /** Parent pieces in arrival order. */
  public List<ExamplePiece> pieces = new ArrayList<>();
  /** Processing time of the registered timeout timer, or 0 when none is registered. */
  public long deadline;

  public Assembly() {}

  boolean isComplete() {
    return partial != null && pieces.size() >= partial.parents().size();
  }
}
