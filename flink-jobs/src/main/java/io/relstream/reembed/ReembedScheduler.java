package io.relstream.reembed;

import java.io.IOException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * Schedules the re-embedding of unchanged entities in a keyed operator that sends entities for
 * embedding. Each entity keeps one processing-time timer, at {@code staleAfter} after its last
 * embedding request. When it fires, a rate limiter shared by the subtask either lets the entity be
 * sent again at once or moves its timer to a free send time.
 *
 * <p>Metrics: {@code reembedRequests} counts the entities sent again, {@code reembedsDeferred} the
 * timers that the rate limit moved.
 */
public final class ReembedScheduler {
  /** Returned by {@link #onTimer} when the entity is not to be sent now. */
  public static final long NOT_DUE = -1;

  private final long staleAfterMillis;
  private final ValueState<ReembedTimer> timer;
  private final ReembedRateLimiter limiter;
  private final Counter requests;
  private final Counter deferred;

  public ReembedScheduler(RuntimeContext context, ReembedSettings settings) {
    staleAfterMillis = settings.staleAfter().toMillis();
    timer = context.getState(new ValueStateDescriptor<>("reembed-timer", ReembedTimer.class));
    limiter = new ReembedRateLimiter(settings.maxPerSecond());
    requests = context.getMetricGroup().counter("reembedRequests");
    deferred = context.getMetricGroup().counter("reembedsDeferred");
  }

  /** Records that the current entity was just sent for embedding and schedules its next request. */
  public void requested(TimerService timers) throws IOException {
    long now = timers.currentProcessingTime();
    ReembedTimer current = timer.value();
    if (current == null) {
      current = new ReembedTimer();
    } else {
      timers.deleteProcessingTimeTimer(current.dueMillis);
    }
    current.requestedMillis = now;
    current.dueMillis = now + staleAfterMillis;
    current.slotGranted = false;
    timers.registerProcessingTimeTimer(current.dueMillis);
    timer.update(current);
  }

  /** Stops re-embedding the current entity, because its row was deleted. */
  public void cancel(TimerService timers) throws IOException {
    ReembedTimer current = timer.value();
    if (current != null) {
      timers.deleteProcessingTimeTimer(current.dueMillis);
      timer.clear();
    }
  }

  /**
   * Handles the current entity's timer that fired at {@code time}. Returns when the entity was last
   * sent for embedding if it is to be sent again now, or {@link #NOT_DUE} when the rate limit moved
   * its timer or the timer is not this scheduler's.
   */
  public long onTimer(long time, TimerService timers) throws IOException {
    ReembedTimer current = timer.value();
    if (current == null || current.dueMillis != time) {
      return NOT_DUE;
    }
    if (!current.slotGranted) {
      long now = timers.currentProcessingTime();
      long slot = limiter.reserve(now);
      if (slot > now) {
        current.dueMillis = slot;
        current.slotGranted = true;
        timers.registerProcessingTimeTimer(slot);
        timer.update(current);
        deferred.inc();
        return NOT_DUE;
      }
    }
    requests.inc();
    return current.requestedMillis;
  }
}
