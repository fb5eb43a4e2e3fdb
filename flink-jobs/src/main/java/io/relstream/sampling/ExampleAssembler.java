package io.relstream.sampling;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins a partial example with its parent rows. Keyed by example id; emits the example once every
 * expected piece has arrived, or when the timeout fires with the pieces it has (counted). A timer is
 * registered only while something waits and is deleted when the example completes. Pending parts
 * live in keyed state, so they survive restore.
 */
public final class ExampleAssembler extends KeyedCoProcessFunction<String, PartialExample, ExamplePiece, Example> {
  private static final long serialVersionUID = 1L;

  private final long timeoutMillis;
  private transient ValueState<Assembly> assembly;
  private transient Counter timedOut;

  public ExampleAssembler(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void open(Configuration parameters) {
    assembly = getRuntimeContext().getState(new ValueStateDescriptor<>("assembly", Assembly.class));
    timedOut = getRuntimeContext().getMetricGroup().counter("examplesTimedOut");
  }

  @Override
  public void processElement1(PartialExample example, Context context, Collector<Example> out) throws Exception {
    Assembly current = current();
    current.partial = example;
    settle(current, context, out);
  }

  @Override
  public void processElement2(ExamplePiece piece, Context context, Collector<Example> out) throws Exception {
    // A piece can come before its partial example, or after the example was emitted on timeout.
    // In both cases the timer bounds how long it stays.
    Assembly current = current();
    current.pieces.add(piece);
    settle(current, context, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Example> out) throws Exception {
    Assembly current = assembly.value();
    if (current != null && current.partial != null) {
      timedOut.inc();
      out.collect(toExample(current));
    }
    assembly.clear();
  }

  private Assembly current() throws Exception {
    Assembly current = assembly.value();
    return current != null ? current : new Assembly();
  }

  /** Emits a complete example and clears its state, or stores the parts and makes sure a timer waits. */
  private void settle(Assembly current, Context context, Collector<Example> out) throws Exception {
    if (current.isComplete()) {
      if (current.deadline != 0) {
        context.timerService().deleteProcessingTimeTimer(current.deadline);
      }
      out.collect(toExample(current));
      assembly.clear();
      return;
    }
    if (current.deadline == 0) {
      current.deadline = context.timerService().currentProcessingTime() + timeoutMillis;
      context.timerService().registerProcessingTimeTimer(current.deadline);
    }
    assembly.update(current);
  }

  private static Example toExample(Assembly current) {
    PartialExample example = current.partial;
    Map<String, ExampleRow> parentRows = new HashMap<>();
    for (ExamplePiece piece : current.pieces) {
      if (piece.row() != null) {
        parentRows.put(piece.parent(), piece.row());
      }
    }
    List<ExampleRow> rows = new ArrayList<>();
    rows.add(example.seed());
    for (String parent : example.parents()) {
      ExampleRow row = parentRows.get(parent);
      if (row != null) {
        rows.add(row);
      }
    }
    rows.addAll(example.children());
    return new Example(example.seedTable(), example.seedKey(), example.seedTimeMillis(),
        example.commitTimeMillis(), rows);
  }
}
