package io.relstream.training;

import io.relstream.example.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A uniform sample of the seeds seen so far, one example per entity (its latest), from which each
 * batch replays older seeds so that the model keeps what it learned about rows that no longer
 * change. Sampling is reservoir sampling (algorithm R) over distinct entities. Every
 * random draw is derived from the seed and a counter, so a restored reservoir samples as the
 * uninterrupted one would. Not thread-safe: the training operator owns it.
 */
final class ReplayReservoir {
  private final int capacity;
  private final long seed;
  private final List<Example> examples = new ArrayList<>();
  private final Map<String, Integer> indexByEntity = new HashMap<>();

  /** Distinct entities offered so far, the n of algorithm R. */
  private long entitiesSeen;

  ReplayReservoir(int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Replay capacity must be at least 1 but was " + capacity);
    }
    this.capacity = capacity;
    this.seed = seed;
  }

  /**
   * Offers a seed's example. An entity already in the reservoir gets its newer example in place. A
   * new entity enters with probability capacity / entities seen and replaces a random one.
   */
  void offer(Example example) {
    String entity = entityId(example);
    Integer index = indexByEntity.get(entity);
    if (index != null) {
      examples.set(index, example);
      return;
    }
    entitiesSeen++;
    if (examples.size() < capacity) {
      indexByEntity.put(entity, examples.size());
      examples.add(example);
      return;
    }
    long slot = random(entitiesSeen).nextLong(entitiesSeen);
    if (slot < capacity) {
      int replaced = (int) slot;
      indexByEntity.remove(entityId(examples.get(replaced)));
      examples.set(replaced, example);
      indexByEntity.put(entity, replaced);
    }
  }

  /**
   * Returns up to {@code count} distinct examples drawn uniformly without replacement, in a
   * repeatable order for a given {@code step}.
   */
  List<Example> sample(int count, long step) {
    int size = Math.min(count, examples.size());
    List<Example> drawn = new ArrayList<>(size);
    if (size == 0) {
      return drawn;
    }
    // A partial Fisher-Yates shuffle over the indexes, so the reservoir's order stays as it is.
    int[] indexes = new int[examples.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i;
    }
    SplittableRandom random = random(-step - 1);
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(indexes.length - i);
      int chosen = indexes[j];
      indexes[j] = indexes[i];
      indexes[i] = chosen;
      drawn.add(examples.get(chosen));
    }
    return drawn;
  }

  int size() {
    return examples.size();
  }

  long entitiesSeen() {
    return entitiesSeen;
  }

  /** Returns the examples in reservoir order, for the operator state. */
  List<Example> examples() {
    return new ArrayList<>(examples);
  }

  /**
   * Replaces the content with checkpointed examples and counter; examples beyond the capacity,
   * which a smaller setting than the checkpointed run's leaves, are dropped.
   */
  void restore(List<Example> restored, long restoredEntitiesSeen) {
    examples.clear();
    indexByEntity.clear();
    for (Example example : restored) {
      if (examples.size() == capacity) {
        break;
      }
      indexByEntity.put(entityId(example), examples.size());
      examples.add(example);
    }
    entitiesSeen = restoredEntitiesSeen;
  }

  private SplittableRandom random(long counter) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + counter * 0xBF58476D1CE4E5B9L);
  }

  private static String entityId(Example example) {
    return example.seedTable() + "/" + example.seedKey();
  }
}
