package io.relstream.reembed;

/**
 * Hands out evenly spaced send times to re-embedding requests, at most {@code maxPerSecond} per
 * second. A request that arrives when the limiter is idle is sent at once. Not thread-safe, because
 * only one subtask's thread uses it.
 *
 * <p>NOTE: the next free time is not checkpointed. After a restore, new requests start at once
 * while entities that were granted later times before the failure are still sent at them, so for up to
 * one backlog's length the rate can reach twice the limit.
 */
final class ReembedRateLimiter {
  private final double intervalMillis;
  private double nextFreeMillis = Double.NEGATIVE_INFINITY;

  ReembedRateLimiter(double maxPerSecond) {
    this.intervalMillis = 1_000.0 / maxPerSecond;
  }

  /** Reserves the earliest free send time at or after {@code nowMillis} and returns it. */
  long reserve(long nowMillis) {
    double slot = Math.max(nowMillis, nextFreeMillis);
    nextFreeMillis = slot + intervalMillis;
    return (long) Math.ceil(slot);
  }
}
