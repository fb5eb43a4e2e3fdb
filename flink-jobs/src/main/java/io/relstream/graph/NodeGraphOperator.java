package io.relstream.graph;

import io.relstream.reembed.ReembedQueue;
import io.relstream.sampling.ExamplePiece;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;

/**
 * Runs a {@link NodeGraphFunction} with a write-behind node cache and, with re-embedding enabled, a
 * re-embedding queue in keyed state.
 *
 * <p>Before each checkpoint's barrier leaves the operator, it writes the cached nodes' changes to
 * keyed state, so the checkpoint contains them. Once per queue bucket, a processing-time callback
 * of the subtask drains the due entities and hands each to the function's {@code onTimer}, as a
 * keyed timer of the entity would. The node state, its names and the timers are those of a
 * {@code KeyedProcessOperator} running the same function. On restore it moves child samples of
 * the earlier state layout ({@link LegacyChildSamples}).
 */
public final class NodeGraphOperator extends KeyedProcessOperator<String, GraphUpdate, ExamplePiece> {
  private static final long serialVersionUID = 1L;

  /** Width of a re-embedding due-time bucket: entities are sent up to this much after they are due. */
  static final long REEMBED_BUCKET_MILLIS = 1_000;

  private final NodeGraphFunction function;
  private transient ReembedQueue reembedQueue;

  public NodeGraphOperator(NodeGraphFunction function) {
    super(function);
    this.function = function;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    if (context.isRestored()) {
      LegacyChildSamples.migrate(getKeyedStateBackend(), getOperatorName());
    }
  }

  @Override
  public void open() throws Exception {
    function.deferStateWrites(this);
    if (function.reembeds()) {
      reembedQueue = new ReembedQueue(this, REEMBED_BUCKET_MILLIS);
      function.useReembedQueue(reembedQueue);
    }
    super.open();
    if (reembedQueue != null) {
      scheduleDrain();
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    DeferredStateWrites.writeKeepingCurrentKey(this, function::storeChanged);
  }

  private void scheduleDrain() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    long next = (Math.floorDiv(now, REEMBED_BUCKET_MILLIS) + 1) * REEMBED_BUCKET_MILLIS;
    getProcessingTimeService().registerTimer(next, this::drainReembeds);
  }

  private void drainReembeds(long time) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    reembedQueue.drain(now, this::reembed);
    scheduleDrain();
  }

  /**
   * Runs the function's timer callback for one entity, as a timer at the current time would.
   * {@code KeyedProcessOperator} keeps its timer context private, and only the timer path gives the
   * function a context with side outputs.
   */
  private void reembed(String entity) throws Exception {
    setCurrentKey(entity);
    long now = getProcessingTimeService().getCurrentProcessingTime();
    onProcessingTime(new TimerHeapInternalTimer<>(now, entity, VoidNamespace.INSTANCE));
  }
}
