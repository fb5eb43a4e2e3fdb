package io.relstream.job;

import io.relstream.cdc.RowChange;
import io.relstream.graph.GraphOutputs;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;

/** Counts changes in the accumulator that the graph router also fills, and passes them on unchanged. */
final class ChangeCounter extends RichMapFunction<RowChange, RowChange> {
  private static final long serialVersionUID = 1L;

  private transient LongCounter rowsRead;

  @Override
  public void open(Configuration parameters) {
    rowsRead = new LongCounter();
    getRuntimeContext().addAccumulator(GraphOutputs.ROWS_READ_ACCUMULATOR, rowsRead);
  }

  @Override
  public RowChange map(RowChange change) {
    rowsRead.add(1);
    return change;
  }
}
