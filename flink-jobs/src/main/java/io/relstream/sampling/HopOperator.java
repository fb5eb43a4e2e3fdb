package io.relstream.sampling;

import io.relstream.graph.DeferredStateWrites;
import io.relstream.graph.GraphUpdate;
import io.relstream.graph.LegacyChildSamples;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;

/**
 * Runs a {@link HopFunction} with a write-behind node cache: before each checkpoint's barrier
 * leaves the operator, it writes the cached nodes' changes to keyed state, so the checkpoint
 * contains them. The state, its names and the timers are those of a {@code KeyedCoProcessOperator}
 * running the same function. On restore it moves child samples of the earlier state layout
 * ({@link LegacyChildSamples}).
 */
public final class HopOperator extends KeyedCoProcessOperator<String, GraphUpdate, HopRequest, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  private final HopFunction function;

  public HopOperator(HopFunction function) {
    super(function);
    this.function = function;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    if (context.isRestored() && function.keepsChildSamples()) {
      LegacyChildSamples.migrate(getKeyedStateBackend(), getOperatorName());
    }
  }

  @Override
  public void open() throws Exception {
    function.deferStateWrites(this);
    super.open();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    DeferredStateWrites.writeKeepingCurrentKey(this, function::storeChanged);
  }
}
