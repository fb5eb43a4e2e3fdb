package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.sampling.SamplingConfig;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The option graph.cache-entries: its default, a set value and a rejected one. */
class CacheEntriesOptionTest {

  private static JobSettings settings(Map<String, String> options) {
    Configuration configuration = new Configuration();
    configuration.setString(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
    options.forEach(configuration::setString);
    return JobSettings.from(configuration);
  }

  @Test
  void defaultIsTwentyThousand() {
    assertThat(settings(Map.of()).sampling().cacheEntries()).isEqualTo(SamplingConfig.DEFAULT_CACHE_ENTRIES);
  }

  @Test
  void zeroTurnsCacheOff() {
    assertThat(settings(Map.of("graph.cache-entries", "0")).sampling().cacheEntries()).isZero();
  }

  @Test
  void negativeValueIsRejected() {
    assertThatThrownBy(() -> settings(Map.of("graph.cache-entries", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("graph.cache-entries")
        .hasMessageContaining("-1");
  }
}
