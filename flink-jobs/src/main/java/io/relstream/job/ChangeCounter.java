package io.relstream.job;

import io.relstream.cdc.RowChange;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;

/** Counts changes in an accumulator and passes them on unchanged. */
final class ChangeCounter extends RichMapFunction<RowChange, RowChange> {
  private static final long serialVersionUID = 1L;

  private final String accumulatorName;
  private transient LongCounter rowsRead;

  /** Creates a counter that fills the accumulator of this name. */
  ChangeCounter(String accumulatorName) {
    this.accumulatorName = accumulatorName;
  }

  @Override
  public void open(Configuration parameters) {
    rowsRead = new LongCounter();
    getRuntimeContext().addAccumulator(accumulatorName, rowsRead);
  }

  @Override
  public RowChange map(RowChange change) {
    rowsRead.add(1);
    return change;
  }
}
