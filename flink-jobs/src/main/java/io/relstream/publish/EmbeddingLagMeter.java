package io.relstream.publish;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Measures the commit-to-embedding lag of each record on its way to the embeddings sink: the
 * wall-clock time from the source's commit of the change to this operator, in milliseconds. It
 * reports a histogram over the last {@value #WINDOW} records ({@code commitToEmbeddingLagMillis})
 * and the latest record's lag ({@code latestCommitToEmbeddingLagMillis}). Re-embeddings of unchanged
 * entities are left out, because their commit lies as far back as the entity's last change. Records
 * pass unchanged.
 *
 * <p>NOTE: the lag compares the database server's commit clock with this task manager's clock, so
 * across machines it includes their clock offset.
 */
public final class EmbeddingLagMeter extends RichMapFunction<EmbeddingRecord, EmbeddingRecord> {
  private static final long serialVersionUID = 1L;
  static final int WINDOW = 10_000;

  private transient Histogram lag;
  private transient volatile long latestLagMillis;

  @Override
  public void open(OpenContext context) {
    lag = getRuntimeContext().getMetricGroup().histogram("commitToEmbeddingLagMillis",
        new DescriptiveStatisticsHistogram(WINDOW));
    getRuntimeContext().getMetricGroup().gauge("latestCommitToEmbeddingLagMillis",
        (Gauge<Long>) () -> latestLagMillis);
  }

  @Override
  public EmbeddingRecord map(EmbeddingRecord record) {
    if (record.commitTimeMillis() > 0 && !record.reembedding()) {
      long millis = System.currentTimeMillis() - record.commitTimeMillis();
      lag.update(millis);
      latestLagMillis = millis;
    }
    return record;
  }

  /** Returns the histogram, for tests. */
  Histogram histogram() {
    return lag;
  }
}
