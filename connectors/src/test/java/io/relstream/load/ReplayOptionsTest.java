package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

  @Test
  void defaultsReplayAtFullSpeed() {
    ReplayOptions options = ReplayOptions.of(LoadOptions.defaults());

    assertThat(options.rowsPerSecond()).isZero();
    assertThat(options.batchRows()).isEqualTo(1);
    assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void invalidSettingsAreRejected() {
    ReplayOptions options = ReplayOptions.of(LoadOptions.defaults());

    assertThatThrownBy(() -> options.withRowsPerSecond(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid rate -1.0");
    assertThatThrownBy(() -> options.withRowsPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withRowsPerSecond(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withBatchRows(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid batch rows 0");
    assertThatThrownBy(() -> options.withProgressInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
