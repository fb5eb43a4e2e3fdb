package io.relstream.sampling;

import io.relstream.graph.NodeGraphFunction;
import java.util.ArrayList;
import java.util.List;

/** An example in assembly: its pieces so far and their sums, kept on the heap by the assembler. */
final class AssemblyStatus {
  /** {@link #deadline} before a timeout timer is registered. */
  static final long NO_TIMER = 0;
  /** {@link #deadline} of an example read back from state, whose timer's time was not stored. */
  static final long TIMER_UNKNOWN = -1;

  /** The arrived pieces, in arrival order. */
  final List<ExamplePiece> pieces = new ArrayList<>();
  /** Credit returned by the pieces so far. */
  long credit;
  /** Whether the seed's piece has arrived. */
  boolean seedArrived;
  /** Processing time of the registered timeout timer, or {@link #NO_TIMER} or {@link #TIMER_UNKNOWN}. */
  long deadline = NO_TIMER;
  /** Number of leading {@link #pieces} that keyed state contains. */
  int storedPieces;

  void add(ExamplePiece piece) {
    pieces.add(piece);
    credit += piece.credit();
    seedArrived |= piece.isSeed();
  }

  /** Returns whether some pieces are not in keyed state yet. */
  boolean hasUnstoredPieces() {
    return storedPieces < pieces.size();
  }

  boolean complete() {
    return seedArrived && credit == NodeGraphFunction.FULL_CREDIT;
  }
}
