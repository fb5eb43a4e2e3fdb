package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusThrottleTest {
  private static final String FIELDS = "step 120 | loss 2.500 | masked acc 0.25 | embeddings 9,876 | lag -";

  @Test
  void firstLineIsPrinted() {
    StatusThrottle throttle = new StatusThrottle();

    assertThat(throttle.line(5, FIELDS)).hasValue("[   5s] " + FIELDS);
  }

  @Test
  void unchangedLineIsHeldBack() {
    StatusThrottle throttle = new StatusThrottle();
    throttle.line(5, FIELDS);

    for (long seconds = 10; seconds < 5 + StatusThrottle.UNCHANGED_INTERVAL_SECONDS; seconds += 5) {
      assertThat(throttle.line(seconds, FIELDS)).as("at %d s", seconds).isEmpty();
    }
  }

  @Test
  void changedLineIsPrintedAtOnce() {
    StatusThrottle throttle = new StatusThrottle();
    throttle.line(5, FIELDS);
    throttle.line(10, FIELDS);

    Optional<String> changed = throttle.line(15, FIELDS.replace("step 120", "step 121"));

    assertThat(changed).hasValue("[  15s] " + FIELDS.replace("step 120", "step 121"));
  }

  @Test
  void unchangedLineRepeatsAfterInterval() {
    StatusThrottle throttle = new StatusThrottle();
    throttle.line(5, FIELDS);
    long repeat = 5 + StatusThrottle.UNCHANGED_INTERVAL_SECONDS;

    assertThat(throttle.line(repeat, FIELDS)).hasValue("[  65s] " + FIELDS + " | unchanged since 5 s");
    assertThat(throttle.line(repeat + 5, FIELDS)).isEmpty();
    assertThat(throttle.line(repeat + StatusThrottle.UNCHANGED_INTERVAL_SECONDS, FIELDS))
        .hasValue("[ 125s] " + FIELDS + " | unchanged since 5 s");
  }

  @Test
  void changeAfterRepeatResetsSince() {
    StatusThrottle throttle = new StatusThrottle();
    throttle.line(5, FIELDS);
    throttle.line(65, FIELDS);
    String changed = FIELDS.replace("lag -", "lag p50/p99 310/2,400 ms");

    assertThat(throttle.line(70, changed)).hasValue("[  70s] " + changed);
    assertThat(throttle.line(130, changed)).hasValue("[ 130s] " + changed + " | unchanged since 70 s");
  }
}
