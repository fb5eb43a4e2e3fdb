package io.relstream.reembed;

import java.io.IOException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;

/**
 * Schedules the re-embedding of unchanged entities in a keyed operator that sends entities for
 * embedding. Each entity is due {@code staleAfter} after its last embedding request, and a
 * {@link ReembedQueue} in keyed state hands it back when that time has come. A rate limiter shared by
 * the subtask then either lets the entity be sent at once or moves its due time to a free send time.
 *
 * <p>Metrics: {@code reembedRequests} counts the entities sent again, {@code reembedsDeferred} the
 * due times that the rate limit moved.
 */
public final class ReembedScheduler {
  /** Returned by {@link #onDue} when the entity is not to be sent now. */
  public static final long NOT_DUE = -1;

  private final long staleAfterMillis;
  private final ValueState<ReembedTimer> timer;
  private final ReembedQueue queue;
  private final ReembedRateLimiter limiter;
  private final Counter requests;
  private final Counter deferred;

  public ReembedScheduler(RuntimeContext context, ReembedSettings settings, ReembedQueue queue) {
    staleAfterMillis = settings.staleAfter().toMillis();
    timer = context.getState(new ValueStateDescriptor<>("reembed-timer", ReembedTimer.class));
    this.queue = queue;
    limiter = new ReembedRateLimiter(settings.maxPerSecond());
    requests = context.getMetricGroup().counter("reembedRequests");
    deferred = context.getMetricGroup().counter("reembedsDeferred");
  }

  /** Records that the current entity was just sent for embedding and schedules its next request. */
  public void requested(String entity, long nowMillis) throws Exception {
    ReembedTimer current = timer.value();
    if (current == null) {
      current = new ReembedTimer();
    }
    current.requestedMillis = nowMillis;
    current.dueMillis = nowMillis + staleAfterMillis;
    current.slotGranted = false;
    timer.update(current);
    // The entity's entry in an earlier bucket stays there and is dropped when drained, because
    // its due time no longer matches.
    queue.add(entity, current.dueMillis);
  }

  /** Stops re-embedding the current entity, because its row was deleted. */
  public void cancel() throws IOException {
    timer.clear();
  }

  /**
   * Handles the current entity when the queue hands it back at {@code nowMillis}. Returns when the
   * entity was last sent for embedding if it is to be sent again now, or {@link #NOT_DUE} when it is
   * not due yet (a later request moved it), was deleted, or the rate limit moved it.
   */
  public long onDue(String entity, long nowMillis) throws Exception {
    ReembedTimer current = timer.value();
    if (current == null || current.dueMillis > nowMillis) {
      return NOT_DUE;
    }
    if (!current.slotGranted) {
      long slot = limiter.reserve(nowMillis);
      // The queue hands entities back once per bucket, so a slot before the next bucket's start
      // is sent now rather than a bucket late.
      long nextBucketStart = (Math.floorDiv(nowMillis, queue.bucketMillis()) + 1) * queue.bucketMillis();
      if (slot >= nextBucketStart) {
        current.dueMillis = slot;
        current.slotGranted = true;
        timer.update(current);
        queue.add(entity, slot);
        deferred.inc();
        return NOT_DUE;
      }
    }
    requests.inc();
    return current.requestedMillis;
  }
}
