package io.relstream.reembed;

/**
 * An entity's re-embedding schedule in keyed state. A Flink POJO, so fields are public and mutable.
 */
public class ReembedTimer {
  /** When the graph operator last sent the entity for embedding, epoch milliseconds of its clock. */
  public long requestedMillis;
  /** The processing time at which the entity is due, which marks its current entry in the queue. */
  public long dueMillis;
  /** Whether the rate limiter already granted {@link #dueMillis} as a send time. */
  public boolean slotGranted;

  public ReembedTimer() {}
}
