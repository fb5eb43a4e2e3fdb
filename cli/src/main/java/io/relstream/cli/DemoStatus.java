package io.relstream.cli;

import io.relstream.graph.GraphOutputs;
import io.relstream.training.LossWindows;
import java.util.List;
import java.util.Locale;
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
  private final LongFunction<String> extraStatus;
  private final long startNanos = System.nanoTime();
  private final StatusThrottle throttle = new StatusThrottle();
  private long rowsRead;

  /**
   * @param extraStatus text appended to each status line, given the rows read so far; "" adds nothing
   */
  DemoStatus(JobClient client, DemoMonitor monitor, LongFunction<String> extraStatus) {
    this.client = client;
    this.monitor = monitor;
    this.extraStatus = extraStatus;
  }

  /**
   * Checks the status every {@code statusSeconds} until the deadline, the stop signal or the job's
   * end, and prints a line as {@link StatusThrottle} chooses: when something in it changed, and
   * otherwise every {@link StatusThrottle#UNCHANGED_INTERVAL_SECONDS}.
   */
  void loop(long maxSeconds, long statusSeconds, BooleanSupplier stop) throws InterruptedException {
    long deadline = maxSeconds > 0 ? startNanos + TimeUnit.SECONDS.toNanos(maxSeconds) : Long.MAX_VALUE;
    long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(statusSeconds);
    while (!stop.getAsBoolean() && System.nanoTime() < deadline && !client.getJobStatus().join().isGloballyTerminalState()) {
      if (System.nanoTime() >= nextStatus) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        throttle.line(seconds, statusFields()).ifPresent(System.out::println);
        nextStatus += TimeUnit.SECONDS.toNanos(statusSeconds);
      }
      TimeUnit.MILLISECONDS.sleep(100); // Pacing of the status loop, not a wait for an effect.
    }
  }

  /** Returns the status line's fields, without the elapsed time. */
  private String statusFields() {
    List<Float> losses = monitor.losses();
    float loss = losses.isEmpty() ? Float.NaN : losses.get(losses.size() - 1);
    return formatFields(losses.size(), loss, monitor.latestAccuracy(), monitor.embeddings(),
        monitor.lagPercentile(0.5), monitor.lagPercentile(0.99)) + extraStatus.apply(refreshRowsRead());
  }

  /**
   * Formats the fixed part of a status line, about 100 characters without the elapsed time that
   * {@link StatusThrottle} puts in front, so that with the live changes and the server's address
   * the line stays near 160 characters.
   *
   * @param loss the latest step's loss, NaN before the first step
   * @param accuracy the latest step's masked-cell accuracy, ignored before the first step
   * @param lagP50 the lag median in milliseconds, negative while no embedding arrived in the last minute
   */
  static String formatFields(long steps, float loss, float accuracy, long embeddings, long lagP50, long lagP99) {
    String lossText = Float.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.3f", loss);
    String accuracyText = steps == 0 || Float.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.2f", accuracy);
    String lag = lagP50 < 0 ? "-" : String.format(Locale.ROOT, "p50/p99 %,d/%,d ms", lagP50, lagP99);
    return String.format(Locale.ROOT, "step %,d | loss %s | masked acc %s | embeddings %,d | lag %s", steps,
        lossText, accuracyText, embeddings, lag);
  }

  /** Returns the one line that scripts read at the end of a demo. */
  String summaryLine() {
    refreshRowsRead();
    List<Float> losses = monitor.losses();
    return String.format("summary: rows=%d steps=%d embeddings=%d loss_first=%.4f loss_last=%.4f",
        rowsRead, losses.size(), monitor.embeddings(), LossWindows.first(losses), LossWindows.last(losses));
  }

  /** Reads the job's count of rows read from its accumulators and returns it, or the last count when that fails. */
  private long refreshRowsRead() {
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
    return rowsRead;
  }
}
