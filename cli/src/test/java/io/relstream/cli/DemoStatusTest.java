package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoStatusTest {

  @Test
  void statusLineFitsInAbout160Characters() {
    // Large values of each field, as a demo of an hour on the default database may show.
    String line = StatusThrottle.elapsed(3_600) + DemoStatus.formatFields(12_345, 2.345f, 0.47f, 1_234_567, 1_234, 12_345)
        + LiveChanges.format(100, 12_345, "") + " | http://127.0.0.1:8080";

    assertThat(line).as(line).hasSizeLessThanOrEqualTo(160);
  }

  @Test
  void unchangedDatasetLineFitsInAbout160Characters() {
    // A dataset demo writes no live changes, so its line is the one that stays unchanged and gets the note.
    String fields = DemoStatus.formatFields(12_345, 2.345f, 0.47f, 1_234_567, 1_234, 12_345) + " | http://127.0.0.1:8080";
    StatusThrottle throttle = new StatusThrottle();
    throttle.line(3_540, fields);

    String line = throttle.line(3_600, fields).orElseThrow();

    assertThat(line).as(line).hasSizeLessThanOrEqualTo(160);
  }

  @Test
  void statusLineNamesRequiredFields() {
    String line = StatusThrottle.elapsed(45) + DemoStatus.formatFields(120, 2.5f, 0.25f, 9_876, 310, 2_400);

    assertThat(line).contains("step 120", "loss 2.500", "masked acc 0.25", "embeddings 9,876", "lag p50/p99 310/2,400 ms");
  }

  @Test
  void statusLineBeforeFirstStep() {
    // The monitor reports an accuracy of 0 until the first step's progress record arrives.
    String line = StatusThrottle.elapsed(3) + DemoStatus.formatFields(0, Float.NaN, 0f, 0, -1, -1);

    assertThat(line).contains("step 0", "loss -", "masked acc -", "lag -");
  }
}
