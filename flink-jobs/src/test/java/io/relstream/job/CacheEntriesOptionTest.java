package io.relstream.job;

import static io.relstream.testing.JobTestOptions.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.sampling.SamplingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The option graph.cache-entries: its default, a set value and a rejected one. */
class CacheEntriesOptionTest {

  @Test
  void defaultIsTwentyThousand() {
    assertThat(settingsOf(Map.of()).sampling().cacheEntries()).isEqualTo(SamplingConfig.DEFAULT_CACHE_ENTRIES);
  }

  @Test
  void zeroTurnsCacheOff() {
    assertThat(settingsOf(Map.of("graph.cache-entries", "0")).sampling().cacheEntries()).isZero();
  }

  @Test
  void negativeValueIsRejected() {
    assertThatThrownBy(() -> settingsOf(Map.of("graph.cache-entries", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("graph.cache-entries")
        .hasMessageContaining("-1");
  }
}
