package io.relstream.sampling;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;

/**
 * Emits a fixed list of changes, one at a time, so that the graph is quiet whenever a change
 * enters. Each example then depends only on the changes before it and not on how the operators'
 * inputs interleave. After each change the source waits until {@link ExampleRecorder} has received
 * the change's example in the same task attempt, then runs {@link RaceHistory.Probe} rounds until
 * one shows that both hop operators have applied every update sent so far. It also probes before
 * the first change of each attempt. Its position in the list is checkpointed.
 *
 * <p>With {@code failAt} set it fails once, in the first attempt, before emitting a change from
 * {@code failAt} on. It first waits for a completed checkpoint that had passed {@code armAt}, so
 * that the restore starts from a checkpoint in the middle of the stream however fast the changes
 * flow. It then fails at the first position after the last checkpoint whose completion it was
 * notified of, so that usually some examples arrive again after the restore. A checkpoint that
 * completes before its notification arrives can still make that number 0.
 */
final class PacedChangeSource extends RichSourceFunction<RowChange>
    implements CheckpointedFunction, CheckpointListener {
  private static final long serialVersionUID = 1L;
  private static final long EXAMPLE_TIMEOUT_SECONDS = 120;
  private static final long PROBE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);
  /** Commit times of probe changes, apart from the generated ones and from one attempt to the next. */
  static final long PROBE_COMMIT_TIME = 1_000_000_000_000L;
  private static final long PROBE_COMMITS_PER_ATTEMPT = 1_000_000_000L;

  /** Per run, the position at which the injected failure happened. */
  static final Map<String, Integer> FAILED_AT = new ConcurrentHashMap<>();

  /** Per run, the position that the source restored from a checkpoint. */
  static final Map<String, Integer> RESTORED_AT = new ConcurrentHashMap<>();

  private final String run;
  private final List<RowChange> changes;
  private final List<String> exampleKeys;
  private final int failAt;
  private final int armAt;
  private transient ListState<Integer> positionState;
  private transient Map<Long, Integer> positionsByCheckpoint;
  private transient CompletableFuture<Void> armed;
  private transient volatile int lastCompletedPosition;
  private transient volatile boolean running;
  private transient boolean restored;
  private int position;

  /**
   * @param exampleKeys per change, the key of its example ({@link RaceHistory#exampleKey}), or null
   *     when it produces none
   * @param failAt the position at which the source fails once, or -1 for no failure
   * @param armAt the position that a completed checkpoint must have passed before the failure
   */
  PacedChangeSource(String run, List<RowChange> changes, List<String> exampleKeys, int failAt, int armAt) {
    this.run = run;
    this.changes = List.copyOf(changes);
    this.exampleKeys = exampleKeys;
    this.failAt = failAt;
    this.armAt = armAt;
  }

  @Override
  public void run(SourceContext<RowChange> context) throws Exception {
    running = true;
    int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    RaceHistory.Probe probe = new RaceHistory.Probe();
    long probeCommit = PROBE_COMMIT_TIME + attempt * PROBE_COMMITS_PER_ATTEMPT;
    if (!restored) {
      emit(context, probe.setup(probeCommit));
    }
    int probeRound = probeUntilApplied(context, attempt, probe, probeCommit, 0);
    while (running && position < changes.size()) {
      if (isFailureDue(attempt)) {
        FAILED_AT.put(run, position);
        throw new IllegalStateException("Injected failure at change " + position + " of run " + run);
      }
      int index = position;
      synchronized (context.getCheckpointLock()) {
        context.collect(changes.get(index));
        position++;
      }
      String key = exampleKeys.get(index);
      if (key != null) {
        ExampleRecorder.awaitExample(run, attempt, key, EXAMPLE_TIMEOUT_SECONDS);
      }
      probeRound = probeUntilApplied(context, attempt, probe, probeCommit, probeRound);
    }
  }

  /**
   * Runs probe rounds, numbered on from {@code lastRound}, until the probe result's example shows
   * the round's marks, and returns the last round's number.
   */
  private int probeUntilApplied(SourceContext<RowChange> context, int attempt, RaceHistory.Probe probe,
      long commitTime, int lastRound) throws Exception {
    long deadline = System.nanoTime() + PROBE_TIMEOUT_NANOS;
    for (int round = lastRound + 1; running; round++) {
      String mark = "probe " + attempt + "." + round;
      List<RowChange> changes = probe.round(commitTime + 10L * round, mark);
      emit(context, changes);
      RowChange last = changes.get(changes.size() - 1);
      Example example = ExampleRecorder.awaitExample(run, attempt, RaceHistory.exampleKey(last), EXAMPLE_TIMEOUT_SECONDS);
      if (probe.reached(example, mark)) {
        return round;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("The probe's updates did not reach both hop operators within "
            + TimeUnit.NANOSECONDS.toSeconds(PROBE_TIMEOUT_NANOS) + " s, after " + (round - lastRound) + " rounds");
      }
    }
    return lastRound;
  }

  private static void emit(SourceContext<RowChange> context, List<RowChange> changes) {
    synchronized (context.getCheckpointLock()) {
      changes.forEach(context::collect);
    }
  }

  /** Returns whether the injected failure is due before the change at the current position. */
  private boolean isFailureDue(int attempt) throws InterruptedException, ExecutionException, TimeoutException {
    if (attempt != 0 || failAt < 0 || position < failAt) {
      return false;
    }
    awaitArmed();
    return position > lastCompletedPosition;
  }

  private void awaitArmed() throws InterruptedException, ExecutionException, TimeoutException {
    try {
      armed.get(EXAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("No checkpoint past change " + armAt + " completed within "
          + EXAMPLE_TIMEOUT_SECONDS + " s in run " + run);
    }
  }

  @Override
  public void cancel() {
    running = false;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    positionState.update(List.of(position));
    positionsByCheckpoint.put(context.getCheckpointId(), position);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    positionState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("position", Integer.class));
    positionsByCheckpoint = new HashMap<>();
    armed = new CompletableFuture<>();
    lastCompletedPosition = -1;
    if (context.isRestored()) {
      for (Integer saved : positionState.get()) {
        position = saved;
      }
      restored = true;
      RESTORED_AT.put(run, position);
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Integer checkpointed = positionsByCheckpoint.get(checkpointId);
    if (checkpointed == null) {
      return;
    }
    lastCompletedPosition = Math.max(lastCompletedPosition, checkpointed);
    if (checkpointed >= armAt) {
      armed.complete(null);
    }
  }
}
