package io.relstream.graph;

import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.function.ThrowingRunnable;

/** The flush of a keyed operator's write-behind cache into keyed state before a checkpoint barrier. */
public final class DeferredStateWrites {

  private DeferredStateWrites() {}

  /**
   * Runs {@code write}, which switches the operator's current key to each cached key that it
   * writes, and then sets the key back to the one that was current before. Before the operator's
   * first record there is no current key, and the key stays unset.
   */
  public static void writeKeepingCurrentKey(KeyContext operator, ThrowingRunnable<Exception> write)
      throws Exception {
    Object current = operator.getCurrentKey();
    write.run();
    if (current != null) {
      operator.setCurrentKey(current);
    }
  }
}
