package io.relstream.job;

import static io.relstream.testing.JobTestOptions.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.reembed.ReembedSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReembedOptionsTest {

  @Test
  void defaultsAreOff() {
    ReembedSettings reembed = settingsOf(Map.of()).reembed();

    assertThat(reembed.enabled()).isFalse();
    assertThat(reembed.staleAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(reembed.maxPerSecond()).isEqualTo(100.0);
  }

  @Test
  void optionsBuildSettings() {
    ReembedSettings reembed = settingsOf(Map.of(
        "reembed.enabled", "true", "reembed.stale-after", "10 min", "reembed.max-per-second", "2.5")).reembed();

    assertThat(reembed).isEqualTo(new ReembedSettings(true, Duration.ofMinutes(10), 2.5));
  }

  @Test
  void staleAfterOutOfRangeIsRejected() {
    assertThatThrownBy(() -> settingsOf(Map.of("reembed.stale-after", "500 ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.stale-after")
        .hasMessageContaining("1 s to 365 d")
        .hasMessageContaining("PT0.5S");
  }

  @Test
  void rateOutOfRangeIsRejected() {
    assertThatThrownBy(() -> settingsOf(Map.of("reembed.max-per-second", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.max-per-second")
        .hasMessageContaining("0.0");
  }

  @Test
  void reembeddingNeedsInference() {
    assertThatThrownBy(() -> settingsOf(Map.of("reembed.enabled", "true", "inference.enabled", "false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reembed.enabled")
        .hasMessageContaining("inference.enabled");
  }
}
