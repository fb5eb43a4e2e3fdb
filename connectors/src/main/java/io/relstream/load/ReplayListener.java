package io.relstream.load;

import java.util.List;

/** Receiver of a replay's progress. Both methods run on the replaying thread, so they should return quickly. */
public interface ReplayListener {

  /** A listener that ignores every call. */
  ReplayListener NONE = new ReplayListener() {};

  /** Receives the timed rows of one transaction, in insert order, right after its commit. */
  default void rowsCommitted(List<ReplayedRow> rows) {}

  /** Receives the progress at most once per progress interval, and once more after the last commit. */
  default void progress(ReplayProgress progress) {}
}
