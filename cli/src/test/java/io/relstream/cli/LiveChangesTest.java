package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate of live changes as the demo prints it. */
class LiveChangesTest {

  @Test
  void smallRateKeepsItsDigits() {
    assertThat(LiveChanges.rate(0.01)).isEqualTo("0.01");
  }

  @Test
  void wholeRateHasNoDecimals() {
    assertThat(LiveChanges.rate(5.0)).isEqualTo("5");
  }

  @Test
  void fractionalRateKeepsItsDigits() {
    assertThat(LiveChanges.rate(2.5)).isEqualTo("2.5");
  }
}
