package io.relstream.graph;

import io.relstream.cdc.RowChange;
import io.relstream.example.Example;
import io.relstream.sampling.ExampleAssembler;
import io.relstream.sampling.ExampleAssemblerOperator;
import io.relstream.sampling.ExamplePiece;
import io.relstream.sampling.HopFunction;
import io.relstream.sampling.HopOperator;
import io.relstream.sampling.HopRequest;
import io.relstream.sampling.SamplingConfig;
import io.relstream.schema.DatabaseSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * Runs the graph and sampling operators of the job in Flink's operator test harnesses, wired as the
 * job wires them: router, seed operator, one hop operator per hop, assembler. Every change is
 * routed, then the messages are passed on until none moves, so each change's examples are complete
 * when {@link #change} returns. {@link #snapshot} and a driver built from the snapshot test restore.
 */
final class WalkDriver implements AutoCloseable {
  private static final long TIMEOUT_MILLIS = 60_000;

  private final OneInputStreamOperatorTestHarness<TimedChange, GraphUpdate> router;
  private final KeyedOneInputStreamOperatorTestHarness<String, GraphUpdate, ExamplePiece> seeds;
  private final List<KeyedTwoInputStreamOperatorTestHarness<String, GraphUpdate, HopRequest, ExamplePiece>> hops =
      new ArrayList<>();
  private final KeyedOneInputStreamOperatorTestHarness<String, ExamplePiece, Example> assembler;
  /** Per hop operator, whether it reads every message (true) or, as in the job, only the own-row messages. */
  private final List<Boolean> readsChildMessages = new ArrayList<>();
  private final List<Example> examples = new ArrayList<>();

  /** The operator states of a driver. */
  record Snapshot(OperatorSubtaskState seeds, List<OperatorSubtaskState> hops, OperatorSubtaskState assembler) {}

  WalkDriver(DatabaseSchema schema, SamplingConfig config) throws Exception {
    this(schema, config, null);
  }

  WalkDriver(DatabaseSchema schema, SamplingConfig config, Snapshot restored) throws Exception {
    this(schema, config, restored, null);
  }

  /**
   * Creates a driver whose keyed operators use a state backend, or the harnesses' heap backend when
   * it is null.
   */
  WalkDriver(DatabaseSchema schema, SamplingConfig config, Snapshot restored, StateBackend backend) throws Exception {
    router = ProcessFunctionTestHarnesses.forProcessFunction(new GraphRouter(schema, GraphOutputs.DEAD_LETTERS));
    seeds = new KeyedOneInputStreamOperatorTestHarness<>(
        new NodeGraphOperator(new NodeGraphFunction(config)), GraphUpdate::target, Types.STRING);
    setBackend(seeds, backend);
    open(seeds, restored == null ? null : restored.seeds());
    for (int hop = 1; hop <= config.hops(); hop++) {
      var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
          new HopOperator(new HopFunction(hop, config)), GraphUpdate::target, HopRequest::node,
          Types.STRING);
      setBackend(harness, backend);
      if (restored != null) {
        harness.initializeState(restored.hops().get(hop - 1));
      }
      harness.open();
      hops.add(harness);
      readsChildMessages.add(config.fanOutAt(hop) > 0);
    }
    assembler = new KeyedOneInputStreamOperatorTestHarness<>(
        new ExampleAssemblerOperator(
            new ExampleAssembler(Duration.ofMillis(TIMEOUT_MILLIS), config.maxRows(), config.cacheEntries())),
        ExamplePiece::exampleId, Types.STRING);
    setBackend(assembler, backend);
    open(assembler, restored == null ? null : restored.assembler());
  }

  private static void setBackend(AbstractStreamOperatorTestHarness<?> harness, StateBackend backend) {
    if (backend != null) {
      harness.setStateBackend(backend);
    }
  }

  private static void open(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, OperatorSubtaskState state)
      throws Exception {
    if (state != null) {
      harness.initializeState(state);
    }
    harness.open();
  }

  /** Routes a change with its event time and passes every message on; returns the examples it produced. */
  List<Example> change(RowChange change, long eventTime) throws Exception {
    int before = examples.size();
    router.processElement(new TimedChange(change, eventTime), 0);
    List<GraphUpdate> rowUpdates = drainSide(router.getSideOutput(GraphOutputs.ROW_UPDATES));
    for (GraphUpdate update : WalkDriver.<GraphUpdate>drain(router.getOutput())) {
      seeds.processElement(update, 0);
      for (int i = 0; i < hops.size(); i++) {
        if (readsChildMessages.get(i)) {
          hops.get(i).processElement1(update, 0);
        }
      }
    }
    for (GraphUpdate update : rowUpdates) {
      for (int i = 0; i < hops.size(); i++) {
        if (!readsChildMessages.get(i)) {
          hops.get(i).processElement1(update, 0);
        }
      }
    }
    boolean moved = true;
    while (moved) {
      moved = pass(WalkDriver.<ExamplePiece>drain(seeds.getOutput()), drainSide(seeds.getSideOutput(GraphOutputs.HOP_REQUESTS)), 0);
      for (int i = 0; i < hops.size(); i++) {
        var hop = hops.get(i);
        moved |= pass(WalkDriver.<ExamplePiece>drain(hop.getOutput()), drainSide(hop.getSideOutput(GraphOutputs.HOP_REQUESTS)), i + 1);
      }
    }
    examples.addAll(WalkDriver.<Example>drain(assembler.getOutput()));
    return new ArrayList<>(examples.subList(before, examples.size()));
  }

  private boolean pass(List<ExamplePiece> pieces, List<HopRequest> requests, int nextHopIndex) throws Exception {
    for (ExamplePiece piece : pieces) {
      assembler.processElement(piece, 0);
    }
    for (HopRequest request : requests) {
      hops.get(nextHopIndex).processElement2(request, 0);
    }
    return !pieces.isEmpty() || !requests.isEmpty();
  }

  /** Returns the deletions the seed operator emitted so far. */
  List<Deletion> deletions() {
    Queue<StreamRecord<Deletion>> records = seeds.getSideOutput(GraphOutputs.DELETIONS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  /** Returns the node summaries the seed operator emitted so far. */
  List<NodeSummary> summaries() {
    Queue<StreamRecord<NodeSummary>> records = seeds.getSideOutput(GraphOutputs.NODE_SUMMARIES);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  Snapshot snapshot(long checkpointId) throws Exception {
    // A task lets its operators prepare for the barrier before it copies their state.
    seeds.prepareSnapshotPreBarrier(checkpointId);
    List<OperatorSubtaskState> hopStates = new ArrayList<>();
    for (var hop : hops) {
      hop.prepareSnapshotPreBarrier(checkpointId);
      hopStates.add(hop.snapshot(checkpointId, checkpointId));
    }
    assembler.prepareSnapshotPreBarrier(checkpointId);
    return new Snapshot(seeds.snapshot(checkpointId, checkpointId), hopStates,
        assembler.snapshot(checkpointId, checkpointId));
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> drain(Queue<Object> output) {
    List<T> values = new ArrayList<>();
    Object next;
    while ((next = output.poll()) != null) {
      if (next instanceof StreamRecord<?> record) {
        values.add((T) record.getValue());
      }
    }
    return values;
  }

  private static <T> List<T> drainSide(Queue<StreamRecord<T>> output) {
    List<T> values = new ArrayList<>();
    if (output == null) {
      return values;
    }
    StreamRecord<T> next;
    while ((next = output.poll()) != null) {
      values.add(next.getValue());
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    router.close();
    seeds.close();
    for (var hop : hops) {
      hop.close();
    }
    assembler.close();
  }

}
