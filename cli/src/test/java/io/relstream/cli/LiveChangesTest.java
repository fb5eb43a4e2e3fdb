package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relstream.synthetic.RetailGenerator;
import io.relstream.synthetic.RetailOptions;
import org.junit.jupiter.api.Test;

/** The rate of live changes as the demo prints it, and a demo without live changes. */
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

  @Test
  void zeroRateStartsNoStream() throws Exception {
    RetailOptions options = new RetailOptions(10, 2, 5, 20, 42L, 0);
    RetailGenerator generator = new RetailGenerator(options);
    long snapshotRows = 10 + 2 + 5 + 20 + generator.priceHistory().size();

    // No stack: with a rate of 0 nothing may connect to the database.
    try (LiveChanges live = LiveChanges.start(generator, null, "retail")) {
      assertThat(live.describe(snapshotRows / 2)).isEqualTo(" | snapshot %d%%", snapshotRows / 2 * 100 / snapshotRows);
      assertThat(live.describe(snapshotRows)).isEqualTo(" | snapshot 100%");
    }
  }
}
