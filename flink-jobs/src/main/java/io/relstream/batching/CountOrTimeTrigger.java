package io.relstream.batching;

import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;

/**
 * Fires and purges a global window when it contains {@code maxCount} elements, or when
 * {@code timeoutMillis} of processing time have passed since its first element, whichever comes
 * first. Count and deadline are window state, so a restored job keeps its open batch.
 */
public final class CountOrTimeTrigger extends Trigger<Object, GlobalWindow> {
  private static final long serialVersionUID = 1L;

  private final long maxCount;
  private final long timeoutMillis;
  private final ReducingStateDescriptor<Long> countDescriptor =
      new ReducingStateDescriptor<>("batch-count", Long::sum, LongSerializer.INSTANCE);
  private final ValueStateDescriptor<Long> deadlineDescriptor =
      new ValueStateDescriptor<>("batch-deadline", LongSerializer.INSTANCE);

  public CountOrTimeTrigger(long maxCount, long timeoutMillis) {
    this.maxCount = maxCount;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public TriggerResult onElement(Object element, long timestamp, GlobalWindow window, TriggerContext context)
      throws Exception {
    ReducingState<Long> count = context.getPartitionedState(countDescriptor);
    count.add(1L);
    ValueState<Long> deadline = context.getPartitionedState(deadlineDescriptor);
    if (deadline.value() == null) {
      long at = context.getCurrentProcessingTime() + timeoutMillis;
      deadline.update(at);
      context.registerProcessingTimeTimer(at);
    }
    if (count.get() >= maxCount) {
      reset(context);
      return TriggerResult.FIRE_AND_PURGE;
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, GlobalWindow window, TriggerContext context) throws Exception {
    Long deadline = context.getPartitionedState(deadlineDescriptor).value();
    if (deadline == null || time < deadline) {
      return TriggerResult.CONTINUE; // A timer of a batch that already fired by count.
    }
    reset(context);
    return TriggerResult.FIRE_AND_PURGE;
  }

  @Override
  public TriggerResult onEventTime(long time, GlobalWindow window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public void clear(GlobalWindow window, TriggerContext context) throws Exception {
    reset(context);
  }

  private void reset(TriggerContext context) throws Exception {
    ValueState<Long> deadline = context.getPartitionedState(deadlineDescriptor);
    if (deadline.value() != null) {
      context.deleteProcessingTimeTimer(deadline.value());
    }
    deadline.clear();
    context.getPartitionedState(countDescriptor).clear();
  }
}
