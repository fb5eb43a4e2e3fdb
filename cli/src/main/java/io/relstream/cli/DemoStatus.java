package io.relstream.cli;

import io.relstream.graph.GraphOutputs;
import io.relstream.publish.PublishSettings;
import io.relstream.training.LossWindows;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints the demo's status lines and its closing summary line. */
final class DemoStatus {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStatus.class);

  private final JobClient client;
  private final DemoMonitor monitor;
  private final PublishSettings publish;
  private final LongFunction<String> extraStatus;
  private final long startNanos = System.nanoTime();
  private long rowsRead;

  /**
   * @param extraStatus text appended to each status line, given the rows read so far; "" adds nothing
   */
  DemoStatus(JobClient client, DemoMonitor monitor, PublishSettings publish, LongFunction<String> extraStatus) {
    this.client = client;
    this.monitor = monitor;
    this.publish = publish;
    this.extraStatus = extraStatus;
  }

  /** Prints a status line every {@code statusSeconds} until the deadline, the stop signal or the job's end. */
  void loop(long maxSeconds, long statusSeconds, BooleanSupplier stop) throws InterruptedException {
    long deadline = maxSeconds > 0 ? startNanos + TimeUnit.SECONDS.toNanos(maxSeconds) : Long.MAX_VALUE;
    long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(statusSeconds);
    while (!stop.getAsBoolean() && System.nanoTime() < deadline && !client.getJobStatus().join().isGloballyTerminalState()) {
      if (System.nanoTime() >= nextStatus) {
        System.out.println(statusLine());
        nextStatus += TimeUnit.SECONDS.toNanos(statusSeconds);
      }
      TimeUnit.MILLISECONDS.sleep(100); // Pacing of the status loop, not a wait for an effect.
    }
  }

  String statusLine() {
    refreshRowsRead();
    List<Float> losses = monitor.losses();
    String loss = losses.isEmpty() ? "-" : String.format("%.3f", losses.get(losses.size() - 1));
    return String.format("[%4ds] rows read %,d (counted every 2 s) | step %d | loss %s | masked acc %.2f | embeddings in %s: %,d (latest %s @ step %d) | tombstones %d",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), rowsRead, losses.size(), loss,
        monitor.latestAccuracy(), publish.embeddingsTopic(), monitor.embeddings(), monitor.latestEntity(),
        monitor.latestEmbeddingStep(), monitor.tombstones()) + lagText() + extraStatus.apply(rowsRead);
  }

  /** Returns the commit-to-embedding lag part; snapshot rows count from the moment the source read them. */
  private String lagText() {
    long p50 = monitor.lagPercentile(0.5);
    return p50 < 0 ? " | lag -" : String.format(" | lag p50 %,d ms p99 %,d ms (1 min)", p50, monitor.lagPercentile(0.99));
  }

  /** Returns the one line that scripts read at the end of a demo. */
  String summaryLine() {
    refreshRowsRead();
    List<Float> losses = monitor.losses();
    return String.format("summary: rows=%d steps=%d embeddings=%d loss_first=%.4f loss_last=%.4f",
        rowsRead, losses.size(), monitor.embeddings(), LossWindows.first(losses), LossWindows.last(losses));
  }

  private void refreshRowsRead() {
    try {
      Map<String, Object> accumulators = client.getAccumulators().get(5, TimeUnit.SECONDS);
      Object value = accumulators.get(GraphOutputs.ROWS_READ_ACCUMULATOR);
      if (value instanceof Number number) {
        rowsRead = number.longValue();
      }
    } catch (Exception e) {
      // The job may be finishing; the last value read stays.
      LOG.debug("Could not read the job's accumulators", e);
    }
  }
}
