package io.relstream.sampling;

import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins a partial example with its parent rows. Keyed by example id; emits the example once every
 * expected piece has arrived, or when the timeout fires with the pieces it has (counted). Pending
 * parts live in keyed state, so they survive restore.
 */
public final class ExampleAssembler extends KeyedCoProcessFunction<String, PartialExample, ExamplePiece, Example> {
  private static final long serialVersionUID = 1L;

  private final long timeoutMillis;
  private transient ValueState<PartialExample> partial;
  private transient ListState<ExamplePiece> pieces;
  private transient ValueState<Integer> pieceCount;
  private transient Counter timedOut;

  public ExampleAssembler(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void open(Configuration parameters) {
    partial = getRuntimeContext().getState(new ValueStateDescriptor<>("partial", PartialExample.class));
    pieces = getRuntimeContext().getListState(new ListStateDescriptor<>("pieces", ExamplePiece.class));
    pieceCount = getRuntimeContext().getState(new ValueStateDescriptor<>("piece-count", Integer.class));
    timedOut = getRuntimeContext().getMetricGroup().counter("examplesTimedOut");
  }

  @Override
  public void processElement1(PartialExample example, Context context, Collector<Example> out) throws Exception {
    partial.update(example);
    if (!emitIfComplete(out)) {
      context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + timeoutMillis);
    }
  }

  @Override
  public void processElement2(ExamplePiece piece, Context context, Collector<Example> out) throws Exception {
    pieces.add(piece);
    Integer count = pieceCount.value();
    pieceCount.update(count == null ? 1 : count + 1);
    if (partial.value() == null) {
      // The piece came before its partial example, or after the example was emitted on timeout:
      // a timer bounds how long it stays.
      context.timerService().registerProcessingTimeTimer(context.timerService().currentProcessingTime() + timeoutMillis);
      return;
    }
    emitIfComplete(out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Example> out) throws Exception {
    if (partial.value() != null) {
      timedOut.inc();
      emit(out);
    } else {
      clear(); // Pieces whose partial example never arrived, or arrived and left already.
    }
  }

  private boolean emitIfComplete(Collector<Example> out) throws Exception {
    PartialExample example = partial.value();
    Integer count = pieceCount.value();
    int arrived = count == null ? 0 : count;
    if (example == null || arrived < example.parents().size()) {
      return false;
    }
    emit(out);
    return true;
  }

  private void emit(Collector<Example> out) throws Exception {
    PartialExample example = partial.value();
    Map<String, ExampleRow> parentRows = new HashMap<>();
    for (ExamplePiece piece : pieces.get()) {
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
    out.collect(new Example(example.seedTable(), example.seedKey(), example.seedTimeMillis(),
        example.commitTimeMillis(), rows));
    clear();
  }

  private void clear() {
    partial.clear();
    pieces.clear();
    pieceCount.clear();
  }
}
