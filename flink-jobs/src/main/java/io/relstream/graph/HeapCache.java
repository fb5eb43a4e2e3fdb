package io.relstream.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A bounded heap map of recently used entries, evicting the least recently used one beyond its
 * capacity. The graph operators use it in front of keyed state as a write-through cache. Every
 * write still goes to state, so an evicted entry is read back from state unchanged. A restored
 * operator starts with an empty cache, because state contains every value. One instance belongs to one
 * operator subtask and is used only by its task thread, so it is not synchronized.
 *
 * @param <V> the cached value
 */
public final class HeapCache<V> {
  private final int capacity;
  private final LinkedHashMap<String, V> entries;
  private long evictions;

  /** Creates a cache of up to {@code capacity} entries; a capacity of 0 keeps nothing. */
  public HeapCache(int capacity) {
    this(capacity, (key, value) -> { });
  }

  /**
   * Creates a cache of up to {@code capacity} entries that passes each entry it evicts to a
   * listener, which runs inside {@link #put} and must not use the cache.
   */
  public HeapCache(int capacity, BiConsumer<String, V> evicted) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be at least 0: " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        boolean full = size() > HeapCache.this.capacity;
        if (full) {
          evictions++;
          evicted.accept(eldest.getKey(), eldest.getValue());
        }
        return full;
      }
    };
  }

  /** Returns the key's entry and marks it as recently used, or null when the key is not cached. */
  public V get(String key) {
    return entries.get(key);
  }

  /** Stores the key's entry, evicting the least recently used one when the cache is full. */
  public void put(String key, V value) {
    if (capacity > 0) {
      entries.put(key, value);
    }
  }

  /** Returns the entries, least recently used first, without marking them as used. */
  public Iterable<Map.Entry<String, V>> entries() {
    return Collections.unmodifiableMap(entries).entrySet();
  }

  /** Removes the key's entry. */
  public void remove(String key) {
    entries.remove(key);
  }

  /** Returns how many entries were evicted to make room, which excludes those removed by {@link #remove}. */
  public long evictions() {
    return evictions;
  }

  public int size() {
    return entries.size();
  }
}
