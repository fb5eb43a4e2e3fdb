package io.relstream.reembed;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * The due times of a keyed operator's re-embeddings, kept in keyed state rather than as one timer
 * per entity. Flink's timer service keeps timers on the heap in this job (the assembler's many
 * short-lived timers are cheaper there), and one timer per entity made the heap grow with the
 * number of entities. Here an entity's due time is rounded up to a bucket of {@code bucketMillis},
 * and the bucket's list of entity ids lives in state (RocksDB in the job), so the heap does not
 * depend on the entity count.
 *
 * <p>State is organised per key group so that it follows its entities when the job is rescaled:
 * each key group has a stand-in key that falls into it, and under that key a list of entity ids per
 * bucket (namespace: the bucket number) and the last bucket drained. The stand-in keys start with
 * a NUL character, which no PostgreSQL table name contains, so they never collide with node ids.
 *
 * <p>An entity can sit in several buckets, once per request. The scheduler's own state records
 * which entry is current, and the others are dropped when their bucket is drained.
 */
public final class ReembedQueue {
  private static final String STAND_IN_PREFIX = "\u0000reembed-queue/";

  private final AbstractStreamOperator<?> operator;
  private final long bucketMillis;
  private final int maxParallelism;
  private final KeyGroupRange keyGroups;
  private final String[] standIns;
  private final ListStateDescriptor<String> bucketDescriptor =
      new ListStateDescriptor<>("reembed-due", StringSerializer.INSTANCE);
  private final ValueStateDescriptor<Long> drainedDescriptor =
      new ValueStateDescriptor<>("reembed-drained", LongSerializer.INSTANCE);
  /** Key groups that have queue state: set by {@link #add}, and after a restore by the first drain. */
  private final BitSet started = new BitSet();
  private boolean restoredGroupsFound;

  /**
   * Creates the queue of an opened keyed operator.
   *
   * @param bucketMillis width of a due-time bucket, which is also how late a re-embedding can be sent
   */
  public ReembedQueue(AbstractStreamOperator<?> operator, long bucketMillis) {
    if (bucketMillis < 1) {
      throw new IllegalArgumentException("Invalid bucket width " + bucketMillis + " ms: it must be at least 1 ms");
    }
    this.operator = operator;
    this.bucketMillis = bucketMillis;
    TaskInfo task = operator.getRuntimeContext().getTaskInfo();
    this.maxParallelism = task.getMaxNumberOfParallelSubtasks();
    this.keyGroups = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
        maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
    this.standIns = new String[keyGroups.getNumberOfKeyGroups()];
    for (int group : keyGroups) {
      standIns[group - keyGroups.getStartKeyGroup()] = standInKey(group, maxParallelism);
    }
  }

  /** Returns the width of a due-time bucket in milliseconds. */
  public long bucketMillis() {
    return bucketMillis;
  }

  /** Adds the entity to the bucket that contains {@code dueMillis}. The operator's key is unchanged. */
  public void add(String entity, long dueMillis) throws Exception {
    long bucket = Math.floorDiv(dueMillis + bucketMillis - 1, bucketMillis);
    int group = KeyGroupRangeAssignment.assignToKeyGroup(entity, maxParallelism);
    Object current = operator.getCurrentKey();
    operator.setCurrentKey(standIns[group - keyGroups.getStartKeyGroup()]);
    if (!started.get(group)) {
      // New entries never land in a bucket that has been drained, so the first entry's bucket
      // less one is a safe starting point for a key group that has none yet.
      ValueState<Long> drained = drained();
      if (drained.value() == null) {
        drained.update(bucket - 1);
      }
      started.set(group);
    }
    bucket(bucket).add(entity);
    operator.setCurrentKey(current);
  }

  /**
   * Hands every entity of the buckets due at {@code nowMillis} to {@code due} and removes those
   * buckets. The consumer may add entities again (to later buckets) and may change the key.
   */
  public void drain(long nowMillis, DueEntity due) throws Exception {
    if (!restoredGroupsFound) {
      findStartedGroups();
    }
    long last = Math.floorDiv(nowMillis, bucketMillis);
    for (int group = started.nextSetBit(0); group >= 0; group = started.nextSetBit(group + 1)) {
      drainGroup(standIns[group - keyGroups.getStartKeyGroup()], last, due);
    }
  }

  private void drainGroup(String standIn, long last, DueEntity due) throws Exception {
    operator.setCurrentKey(standIn);
    Long drainedUpTo = drained().value();
    if (drainedUpTo == null || drainedUpTo >= last) {
      return;
    }
    for (long bucket = drainedUpTo + 1; bucket <= last; bucket++) {
      operator.setCurrentKey(standIn);
      ListState<String> entries = bucket(bucket);
      List<String> entities = copy(entries.get());
      if (!entities.isEmpty()) {
        entries.clear();
        drained().update(bucket);
        for (String entity : entities) {
          due.accept(entity);
        }
      }
    }
    operator.setCurrentKey(standIn);
    drained().update(last);
  }

  /**
   * Marks the key groups that have queue state, from a restore. Later drains visit only those, so
   * a subtask does not read the state of each of its key groups (up to the max parallelism of
   * 32,768) every second.
   */
  private void findStartedGroups() throws Exception {
    for (int group : keyGroups) {
      operator.setCurrentKey(standIns[group - keyGroups.getStartKeyGroup()]);
      if (drained().value() != null) {
        started.set(group);
      }
    }
    restoredGroupsFound = true;
  }


  /** Receives an entity whose bucket is due. */
  @FunctionalInterface
  public interface DueEntity {
    void accept(String entity) throws Exception;
  }

  private ListState<String> bucket(long bucket) throws Exception {
    return operator.getKeyedStateBackend().getPartitionedState(bucket, LongSerializer.INSTANCE, bucketDescriptor);
  }

  private ValueState<Long> drained() throws Exception {
    return operator.getKeyedStateBackend()
        .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, drainedDescriptor);
  }

  private static List<String> copy(Iterable<String> entries) {
    List<String> entities = new ArrayList<>();
    if (entries != null) {
      entries.forEach(entities::add);
    }
    return entities;
  }

  /** Returns a key that Flink assigns to the given key group. */
  static String standInKey(int group, int maxParallelism) {
    for (int attempt = 0; ; attempt++) {
      String key = STAND_IN_PREFIX + attempt;
      if (KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism) == group) {
        return key;
      }
    }
  }
}
