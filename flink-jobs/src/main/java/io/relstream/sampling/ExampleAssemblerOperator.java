package io.relstream.sampling;

import io.relstream.example.Example;
import io.relstream.graph.DeferredStateWrites;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs an {@link ExampleAssembler} and lets it defer the keyed-state writes of its examples in
 * flight: before each checkpoint's barrier leaves the operator, it writes the pieces that are only
 * on the heap, so the checkpoint contains every incomplete example. The state, its names and the
 * timers are those of a {@code KeyedProcessOperator} running the same function.
 */
public final class ExampleAssemblerOperator extends KeyedProcessOperator<String, ExamplePiece, Example> {
  private static final long serialVersionUID = 1L;

  private final ExampleAssembler assembler;

  public ExampleAssemblerOperator(ExampleAssembler assembler) {
    super(assembler);
    this.assembler = assembler;
  }

  @Override
  public void open() throws Exception {
    assembler.deferStateWrites(this);
    super.open();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    DeferredStateWrites.writeKeepingCurrentKey(this, assembler::storeInFlight);
  }
}
