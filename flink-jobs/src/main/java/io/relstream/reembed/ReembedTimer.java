package io.relstream.reembed;

/**
 * An entity's re-embedding schedule in keyed state. A Flink POJO, so fields are public and mutable.
 */
public class ReembedTimer {
  /** When the graph operator last sent the entity for embedding, epoch milliseconds of its clock. */
  public long requestedMillis;
  /** The processing time of the entity's one registered timer. */
  public long dueMillis;
  /** Whether the rate limiter already granted the timer at {@link #dueMillis} a slot. */
  public boolean slotGranted;

  public ReembedTimer() {}
}
