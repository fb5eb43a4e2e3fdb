package io.relstream.sampling;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.graph.HeapCache;
import io.relstream.graph.NodeGraphFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles examples from their pieces. Keyed by example id. The seed starts with the whole credit
 * ({@link NodeGraphFunction#FULL_CREDIT}), each request carries a share of its sender's credit, and
 * each piece returns the share its node did not pass on; the example is complete exactly when the
 * returned credit is whole again, so the assembler needs no piece count and the pieces may arrive in
 * any order.
 *
 * <p>The keyed state is the list of an example's pieces; the returned credit and whether the seed
 * arrived are sums over it. A write-through {@link HeapCache} of the examples in flight (up to
 * {@code graph.cache-entries} per subtask) keeps the same pieces and sums, so a piece usually
 * costs one list append and the completing piece one clear, with no state read. A miss reads the
 * list, unless the cache is known to hold every example with state: when the operator started
 * without restored state and has evicted nothing.
 *
 * <p>Run by {@link ExampleAssemblerOperator}, with a cache, the assembler defers the list appends:
 * an incomplete example's pieces stay on the heap until the operator prepares a checkpoint or the
 * cache evicts the example, and then go to state. The pieces of an example that completes between
 * two checkpoints without an eviction never reach state. Run by a plain {@code KeyedProcessOperator}, or without a cache, each piece
 * that does not complete its example goes to state at once.
 *
 * <p>A complete example is emitted with its rows in walk order ({@link ExamplePaths#WALK_ORDER}),
 * each node once at its first position, absent rows left out. An example still incomplete after the
 * timeout is emitted with the rows it has ({@code examplesTimedOut}). Before an example is emitted
 * every row is checked against the seed time: a newer row is removed and counted in the metric and
 * accumulator {@code rowsNewerThanSeed}, which stays 0 unless a stage before has a bug.
 */
public final class ExampleAssembler extends KeyedProcessFunction<String, ExamplePiece, Example>
    implements CheckpointedFunction {
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
  private final int cacheEntries;
  private transient ListState<ExamplePiece> pieces;
  private transient HeapCache<AssemblyStatus> assemblies;
  private transient boolean restored;
  /** The operator's key context when it defers state writes, else null. */
  private transient KeyContext deferredWrites;
  private transient Counter timedOut;
  private transient Counter newerThanSeed;
  private transient LongCounter newerThanSeedAccumulator;
  private transient LongCounter examplesAccumulator;
  private transient LongCounter rowsAccumulator;
  private transient LongCounter cellsAccumulator;

  public ExampleAssembler(Duration timeout, int maxRows) {
    this(timeout, maxRows, SamplingConfig.DEFAULT_CACHE_ENTRIES);
  }

  /**
   * Creates the assembler.
   *
   * @param cacheEntries most examples in flight that the heap cache keeps, 0 for none
   */
  public ExampleAssembler(Duration timeout, int maxRows, int cacheEntries) {
    this.timeoutMillis = timeout.toMillis();
    this.maxRows = maxRows;
    this.cacheEntries = cacheEntries;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {
    restored = context.isRestored();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    // The keyed list state contains every piece, so the cache needs no snapshot.
  }

  /**
   * Keeps incomplete examples' pieces on the heap until {@link #storeInFlight} or an eviction.
   * The operator calls this before {@link #open}; {@code keys} switches the keyed state's current
   * key to write another example's pieces.
   */
  void deferStateWrites(KeyContext keys) {
    this.deferredWrites = keys;
  }

  private boolean defersWrites() {
    return deferredWrites != null && cacheEntries > 0;
  }

  /** Writes the pieces not yet in state of every example in flight. It leaves the current key changed. */
  void storeInFlight() throws Exception {
    for (Map.Entry<String, AssemblyStatus> entry : assemblies.entries()) {
      if (entry.getValue().hasUnstoredPieces()) {
        deferredWrites.setCurrentKey(entry.getKey());
        store(entry.getValue());
      }
    }
  }

  private void store(AssemblyStatus assembly) throws Exception {
    pieces.addAll(assembly.pieces.subList(assembly.storedPieces, assembly.pieces.size()));
    assembly.storedPieces = assembly.pieces.size();
  }

  /** Writes an evicted example's pieces under its own key, then switches back to the current key. */
  private void evicted(String exampleId, AssemblyStatus assembly) {
    if (!defersWrites() || !assembly.hasUnstoredPieces()) {
      return;
    }
    Object current = deferredWrites.getCurrentKey();
    try {
      deferredWrites.setCurrentKey(exampleId);
      store(assembly);
    } catch (Exception e) {
      throw new FlinkRuntimeException("Failed to write the pieces of evicted example " + exampleId + " to state", e);
    } finally {
      deferredWrites.setCurrentKey(current);
    }
  }

  @Override
  public void open(Configuration parameters) {
    pieces = getRuntimeContext().getListState(new ListStateDescriptor<>("assembly-pieces", ExamplePiece.class));
    assemblies = new HeapCache<>(cacheEntries, this::evicted);
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
    String exampleId = context.getCurrentKey();
    AssemblyStatus current = assemblies.get(exampleId);
    if (current == null) {
      current = stored();
      assemblies.put(exampleId, current);
    }
    current.add(piece);
    if (current.complete()) {
      if (current.deadline != AssemblyStatus.NO_TIMER && current.deadline != AssemblyStatus.TIMER_UNKNOWN) {
        context.timerService().deleteProcessingTimeTimer(current.deadline);
      }
      // A timer whose time is unknown stays registered and finds nothing when it fires.
      emit(exampleId, current, out);
      return;
    }
    if (!defersWrites()) {
      store(current);
    }
    if (current.deadline == AssemblyStatus.NO_TIMER) {
      current.deadline = context.timerService().currentProcessingTime() + timeoutMillis;
      context.timerService().registerProcessingTimeTimer(current.deadline);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Example> out) throws Exception {
    String exampleId = context.getCurrentKey();
    AssemblyStatus current = assemblies.get(exampleId);
    if (current == null) {
      current = stored();
    }
    if (current.seedArrived) {
      timedOut.inc();
      emit(exampleId, current, out);
    } else if (!current.pieces.isEmpty()) {
      clear(exampleId, current);
    }
  }

  /**
   * Returns the current example's assembly as state contains it, without a read when the cache
   * is known to contain every example with state.
   */
  private AssemblyStatus stored() throws Exception {
    AssemblyStatus assembly = new AssemblyStatus();
    // NOTE: after a restore every miss reads the state until the job restarts without one, because
    // the operator cannot tell when the restored examples are all gone.
    boolean cacheHasAll = cacheEntries > 0 && !restored && assemblies.evictions() == 0;
    if (cacheHasAll) {
      return assembly;
    }
    Iterable<ExamplePiece> stored = pieces.get();
    if (stored != null) {
      stored.forEach(assembly::add);
    }
    if (!assembly.pieces.isEmpty()) {
      // Every example with pieces in state has a timer registered, at a time not stored.
      assembly.deadline = AssemblyStatus.TIMER_UNKNOWN;
      assembly.storedPieces = assembly.pieces.size();
    }
    return assembly;
  }

  private void emit(String exampleId, AssemblyStatus assembly, Collector<Example> out) {
    List<ExamplePiece> arrived = new ArrayList<>(assembly.pieces);
    clear(exampleId, assembly);
    Example example = toExample(arrived);
    examplesAccumulator.add(1);
    rowsAccumulator.add(example.rows().size());
    for (ExampleRow row : example.rows()) {
      cellsAccumulator.add(row.values().length);
    }
    out.collect(example);
  }

  /** Removes the example from the cache and, when it has pieces in state, from state. */
  private void clear(String exampleId, AssemblyStatus assembly) {
    assemblies.remove(exampleId);
    if (assembly.storedPieces > 0) {
      pieces.clear();
    }
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
