package io.relstream.sampling;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.graph.NodeGraphFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles examples from their pieces. Keyed by example id. The seed starts with the whole credit
 * ({@link NodeGraphFunction#FULL_CREDIT}), each request carries a share of its sender's credit, and
 * each piece returns the share its node did not pass on; the example is complete exactly when the
 * returned credit is whole again, so the assembler needs no piece count and the pieces may arrive in
 * any order. Each piece costs one list append and one small status read and write.
 *
 * <p>A complete example is emitted with its rows in walk order ({@link ExamplePaths#WALK_ORDER}),
 * each node once at its first position, absent rows left out. An example still incomplete after the
 * timeout is emitted with the rows it has ({@code examplesTimedOut}). Before an example is emitted
 * every row is checked against the seed time: a newer row is removed and counted in the metric and
 * accumulator {@code rowsNewerThanSeed}, which stays 0 unless a stage before has a bug.
 */
public final class ExampleAssembler extends KeyedProcessFunction<String, ExamplePiece, Example> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExampleAssembler.class);

  /** Name of the accumulator that counts the emitted examples. */
  public static final String EXAMPLES_ACCUMULATOR = "examples-emitted";

  /** Name of the accumulator that counts the rows of the emitted examples. */
  public static final String EXAMPLE_ROWS_ACCUMULATOR = "example-rows";

  /** Name of the accumulator that counts the cells (row values, key columns included) of the emitted examples. */
  public static final String EXAMPLE_CELLS_ACCUMULATOR = "example-cells";

  /** Name of the accumulator that counts rows newer than their example's seed time. */
  public static final String ROWS_NEWER_THAN_SEED_ACCUMULATOR = "rows-newer-than-seed";

  private final long timeoutMillis;
  private final int maxRows;
  private transient ValueState<AssemblyStatus> status;
  private transient ListState<ExamplePiece> pieces;
  private transient Counter timedOut;
  private transient Counter newerThanSeed;
  private transient LongCounter newerThanSeedAccumulator;
  private transient LongCounter examplesAccumulator;
  private transient LongCounter rowsAccumulator;
  private transient LongCounter cellsAccumulator;

  public ExampleAssembler(Duration timeout, int maxRows) {
    this.timeoutMillis = timeout.toMillis();
    this.maxRows = maxRows;
  }

  @Override
  public void open(Configuration parameters) {
    status = getRuntimeContext().getState(new ValueStateDescriptor<>("assembly-status", AssemblyStatus.class));
    pieces = getRuntimeContext().getListState(new ListStateDescriptor<>("assembly-pieces", ExamplePiece.class));
    timedOut = getRuntimeContext().getMetricGroup().counter("examplesTimedOut");
    newerThanSeed = getRuntimeContext().getMetricGroup().counter("rowsNewerThanSeed");
    newerThanSeedAccumulator = new LongCounter();
    getRuntimeContext().addAccumulator(ROWS_NEWER_THAN_SEED_ACCUMULATOR, newerThanSeedAccumulator);
    examplesAccumulator = new LongCounter();
    getRuntimeContext().addAccumulator(EXAMPLES_ACCUMULATOR, examplesAccumulator);
    rowsAccumulator = new LongCounter();
    getRuntimeContext().addAccumulator(EXAMPLE_ROWS_ACCUMULATOR, rowsAccumulator);
    cellsAccumulator = new LongCounter();
    getRuntimeContext().addAccumulator(EXAMPLE_CELLS_ACCUMULATOR, cellsAccumulator);
  }

  @Override
  public void processElement(ExamplePiece piece, Context context, Collector<Example> out) throws Exception {
    // A piece can come before the seed's piece, or after the example was emitted on timeout.
    // In both cases the timer bounds how long it stays.
    AssemblyStatus current = status.value();
    if (current == null) {
      current = new AssemblyStatus();
    }
    current.credit += piece.credit();
    current.seedArrived |= piece.isSeed();
    pieces.add(piece);
    if (current.seedArrived && current.credit == NodeGraphFunction.FULL_CREDIT) {
      if (current.deadline != 0) {
        context.timerService().deleteProcessingTimeTimer(current.deadline);
      }
      emit(out);
      return;
    }
    if (current.deadline == 0) {
      current.deadline = context.timerService().currentProcessingTime() + timeoutMillis;
      context.timerService().registerProcessingTimeTimer(current.deadline);
    }
    status.update(current);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Example> out) throws Exception {
    AssemblyStatus current = status.value();
    if (current != null && current.seedArrived) {
      timedOut.inc();
      emit(out);
    } else {
      clear();
    }
  }

  private void emit(Collector<Example> out) throws Exception {
    List<ExamplePiece> arrived = new ArrayList<>();
    pieces.get().forEach(arrived::add);
    clear();
    Example example = toExample(arrived);
    examplesAccumulator.add(1);
    rowsAccumulator.add(example.rows().size());
    for (ExampleRow row : example.rows()) {
      cellsAccumulator.add(row.values().length);
    }
    out.collect(example);
  }

  private void clear() {
    status.clear();
    pieces.clear();
  }

  private Example toExample(List<ExamplePiece> arrived) {
    arrived.sort((a, b) -> ExamplePaths.WALK_ORDER.compare(a.path(), b.path()));
    ExamplePiece seed = arrived.get(0);
    List<ExampleRow> rows = new ArrayList<>();
    Set<String> nodes = new HashSet<>();
    for (ExamplePiece piece : arrived) {
      ExampleRow row = piece.row();
      if (row == null || rows.size() == maxRows || !nodes.add(row.table() + "/" + row.key())) {
        continue;
      }
      if (!EventTime.visibleAt(row.eventTimeMillis(), seed.seedTimeMillis())) {
        countNewerRow(seed, row);
        continue;
      }
      rows.add(row);
    }
    return new Example(seed.row().table(), seed.row().key(), seed.seedTimeMillis(), seed.commitTimeMillis(), rows,
        seed.previousRequestMillis());
  }

  private void countNewerRow(ExamplePiece seed, ExampleRow row) {
    newerThanSeed.inc();
    newerThanSeedAccumulator.add(1);
    if (newerThanSeed.getCount() <= 20 || newerThanSeed.getCount() % 1_000 == 0) {
      LOG.error("Left out a row newer than its seed ({} so far): {} in the example of {} at {}",
          newerThanSeed.getCount(), row, seed.exampleId(), seed.seedTimeMillis());
    }
  }
}
