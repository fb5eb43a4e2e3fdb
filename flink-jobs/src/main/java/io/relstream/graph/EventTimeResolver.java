package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.example.EventTime;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stamps each change with its event time. Keyed by {@link TimeKeySelector}: a row with a time
 * column records its time in keyed state, and rows that take their time through a foreign key wait
 * under the same key until that time is known, or until the wait times out, in which case the
 * commit time is used instead and a metric counts it. Pending rows live in keyed state and survive restore.
 */
final class EventTimeResolver extends KeyedProcessFunction<String, RowChange, TimedChange> {
  private static final long serialVersionUID = 1L;

  private final DatabaseSchema schema;
  private final long maxWaitMillis;
  private transient ValueState<Long> nodeTime;
  private transient ListState<PendingChange> pending;
  private transient Counter unresolved;

  EventTimeResolver(DatabaseSchema schema, Duration maxWait) {
    this.schema = schema;
    this.maxWaitMillis = maxWait.toMillis();
  }

  @Override
  public void open(Configuration parameters) {
    nodeTime = getRuntimeContext().getState(nodeTimeDescriptor());
    pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-changes", PendingChange.class));
    unresolved = getRuntimeContext().getMetricGroup().counter("eventTimeUnresolved");
  }

  @Override
  public void processElement(RowChange change, Context context, Collector<TimedChange> out) throws Exception {
    if (TimeKeySelector.UNUSABLE_KEY.equals(context.getCurrentKey())) {
      out.collect(new TimedChange(change, change.commitTimeMillis()));
      return;
    }
    TableSchema table = schema.table(change.table());
    if (table.timeColumn() != null) {
      emitOwnTime(table, change, out);
    } else if (table.timeVia() != null && TimeKeySelector.timeParentOf(schema, table, change.current()) != null) {
      emitOrWait(change, context, out);
    } else if (table.timeVia() != null) {
      out.collect(new TimedChange(change, change.commitTimeMillis())); // NULL foreign key: no parent time.
    } else {
      out.collect(new TimedChange(change, EventTime.TIMELESS));
    }
  }

  /** Returns the descriptor of the state that stores the event time of the current key's own row. */
  static ValueStateDescriptor<Long> nodeTimeDescriptor() {
    return new ValueStateDescriptor<>("node-time", Long.class);
  }

  /** Returns the event time of a change of a table with a time column: the column's value, else the commit time. */
  static long ownTime(TableSchema table, RowChange change) {
    Object value = change.current()[table.columnIndex(table.timeColumn())];
    return value instanceof Long millis ? millis : change.commitTimeMillis();
  }

  private void emitOwnTime(TableSchema table, RowChange change, Collector<TimedChange> out) throws Exception {
    long time = ownTime(table, change);
    if (change.kind() != RowChange.Kind.DELETE) {
      nodeTime.update(time);
      flushPending(time, out);
    }
    out.collect(new TimedChange(change, time));
  }

  private void emitOrWait(RowChange change, Context context, Collector<TimedChange> out) throws Exception {
    Long time = nodeTime.value();
    if (time != null) {
      out.collect(new TimedChange(change, time));
      return;
    }
    long deadline = context.timerService().currentProcessingTime() + maxWaitMillis;
    pending.add(new PendingChange(change, deadline));
    context.timerService().registerProcessingTimeTimer(deadline);
  }

  private void flushPending(long time, Collector<TimedChange> out) throws Exception {
    for (PendingChange waiting : pending.get()) {
      out.collect(new TimedChange(waiting.change(), time));
    }
    pending.clear();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<TimedChange> out) throws Exception {
    List<PendingChange> stillWaiting = new ArrayList<>();
    for (PendingChange waiting : pending.get()) {
      if (waiting.deadlineMillis() <= timestamp) {
        unresolved.inc();
        out.collect(new TimedChange(waiting.change(), waiting.change().commitTimeMillis()));
      } else {
        stillWaiting.add(waiting);
      }
    }
    pending.update(stillWaiting);
  }
}
