package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.reembed.ReembedSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ReembedOptionsTest {

  private static JobSettings settings(Map<String, String> options) {
    Configuration configuration = new Configuration();
    configuration.setString(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
    options.forEach(configuration::setString);
    return JobSettings.from(configuration);
  }

  @Test
  void defaultsAreOff() {
    ReembedSettings reembed = settings(Map.of()).reembed();

    assertThat(reembed.enabled()).isFalse();
    assertThat(reembed.staleAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(reembed.maxPerSecond()).isEqualTo(100.0);
  }

  @Test
  void optionsBuildSettings() {
    ReembedSettings reembed = settings(Map.of(
        "reembed.enabled", "true", "reembed.stale-after", "10 min", "reembed.max-per-second", "2.5")).reembed();

    assertThat(reembed).isEqualTo(new ReembedSettings(true, Duration.ofMinutes(10), 2.5));
  }

  @Test
  void staleAfterOutOfRangeIsRejected() {
    assertThatThrownBy(() -> settings(Map.of("reembed.stale-after", "500 ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.stale-after")
        .hasMessageContaining("1 s to 365 d")
        .hasMessageContaining("PT0.5S");
  }

  @Test
  void rateOutOfRangeIsRejected() {
    assertThatThrownBy(() -> settings(Map.of("reembed.max-per-second", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.max-per-second")
        .hasMessageContaining("0.0");
  }

  @Test
  void reembeddingNeedsInference() {
    assertThatThrownBy(() -> settings(Map.of("reembed.enabled", "true", "inference.enabled", "false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.enabled")
        .hasMessageContaining("inference.enabled");
  }
}
