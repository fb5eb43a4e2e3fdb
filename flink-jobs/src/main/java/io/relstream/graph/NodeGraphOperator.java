package io.relstream.graph;

import io.relstream.sampling.ExamplePiece;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a {@link NodeGraphFunction} with a write-behind node cache: before each checkpoint's barrier
 * leaves the operator, it writes the cached nodes' changes to keyed state, so the checkpoint
 * contains them. The state, its names and the timers are those of a {@code KeyedProcessOperator}
 * running the same function.
 */
public final class NodeGraphOperator extends KeyedProcessOperator<String, GraphUpdate, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  private final NodeGraphFunction function;

  public NodeGraphOperator(NodeGraphFunction function) {
    super(function);
    this.function = function;
  }

  @Override
  public void open() throws Exception {
    function.deferStateWrites(this);
    super.open();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    Object current = getCurrentKey();
    function.storeChanged();
    if (current != null) {
      setCurrentKey(current);
    }
  }
}
