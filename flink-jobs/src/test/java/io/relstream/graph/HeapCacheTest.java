package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bounded heap cache: least recently used eviction, removal and a capacity of 0. */
class HeapCacheTest {

  @Test
  void evictsLeastRecentlyUsed() {
    HeapCache<String> cache = new HeapCache<>(2);
    cache.put("a", "1");
    cache.put("b", "2");
    assertThat(cache.get("a")).isEqualTo("1");

    cache.put("c", "3");

    assertThat(cache.get("b")).as("the least recently used entry").isNull();
    assertThat(cache.get("a")).isEqualTo("1");
    assertThat(cache.get("c")).isEqualTo("3");
    assertThat(cache.evictions()).isEqualTo(1);
  }

  @Test
  void removeIsNoEviction() {
    HeapCache<String> cache = new HeapCache<>(2);
    cache.put("a", "1");

    cache.remove("a");

    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
    assertThat(cache.evictions()).isZero();
  }

  @Test
  void zeroCapacityKeepsNothing() {
    HeapCache<String> cache = new HeapCache<>(0);

    cache.put("a", "1");

    assertThat(cache.get("a")).isNull();
    assertThat(cache.evictions()).isZero();
  }

  @Test
  void negativeCapacityIsRejected() {
    assertThatThrownBy(() -> new HeapCache<String>(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
