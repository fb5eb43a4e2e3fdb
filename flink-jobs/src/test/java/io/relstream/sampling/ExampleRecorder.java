package io.relstream.sampling;

import io.relstream.example.Example;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * Records the examples of a test run, with the attempt number of the sink task that received them,
 * in this JVM's memory, and lets {@link PacedChangeSource} wait for the example of each change. It
 * works because a MiniCluster runs the tasks in the test's JVM.
 */
final class ExampleRecorder extends RichSinkFunction<Example> {
  private static final long serialVersionUID = 1L;

  /** An example as the sink received it: its key, the sink's attempt number and the example. */
  record Recorded(String key, int attempt, Example example) {}

  private static final Map<String, ConcurrentLinkedQueue<Recorded>> RECORDED = new ConcurrentHashMap<>();
  private static final Map<String, CompletableFuture<Example>> ARRIVALS = new ConcurrentHashMap<>();

  private final String run;

  ExampleRecorder(String run) {
    this.run = run;
  }

  @Override
  public void invoke(Example example, Context context) {
    int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    String key = RaceHistory.exampleKey(example.seedTable(), example.seedKey(), example.commitTimeMillis());
    RECORDED.computeIfAbsent(run, r -> new ConcurrentLinkedQueue<>()).add(new Recorded(key, attempt, example));
    arrival(run, attempt, key).complete(example);
  }

  /** Returns the examples that the run's sink received so far, in arrival order. */
  static List<Recorded> recorded(String run) {
    return List.copyOf(RECORDED.getOrDefault(run, new ConcurrentLinkedQueue<>()));
  }

  /**
   * Waits until the run's sink, in the given attempt, has received the example with this key, and
   * returns it.
   *
   * @throws TimeoutException when it has not arrived within {@code timeoutSeconds}
   */
  static Example awaitExample(String run, int attempt, String key, long timeoutSeconds)
      throws InterruptedException, TimeoutException {
    try {
      return arrival(run, attempt, key).get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("The arrival of example " + key + " failed", e);
    } catch (TimeoutException e) {
      throw new TimeoutException("Example " + key + " of run " + run + " (attempt " + attempt
          + ") did not arrive within " + timeoutSeconds + " s");
    }
  }

  private static CompletableFuture<Example> arrival(String run, int attempt, String key) {
    return ARRIVALS.computeIfAbsent(run + "#" + attempt + "#" + key, k -> new CompletableFuture<>());
  }
}
