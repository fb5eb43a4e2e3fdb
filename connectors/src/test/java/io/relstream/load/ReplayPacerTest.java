package io.relstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayPacerTest {

  private static final long MILLIS = 1_000_000L;

  private final AtomicLong clock = new AtomicLong(7 * MILLIS);
  private final List<Long> sleeps = new ArrayList<>();

  private ReplayPacer pacer(double rowsPerSecond) {
    return new ReplayPacer(rowsPerSecond, clock::get, nanos -> {
      sleeps.add(nanos);
      clock.addAndGet(nanos);
    });
  }

  @Test
  void rowsAreDueAtFixedDeadlines() {
    ReplayPacer pacer = pacer(4);

    assertThat(pacer.dueNanos(0)).isZero();
    assertThat(pacer.dueNanos(1)).isEqualTo(250 * MILLIS);
    assertThat(pacer.dueNanos(1_000)).isEqualTo(250_000 * MILLIS);
  }

  @Test
  void slowWritesDoNotDrift() throws InterruptedException {
    ReplayPacer pacer = pacer(4);
    pacer.start();

    pacer.awaitRow(0);
    clock.addAndGet(100 * MILLIS);
    pacer.awaitRow(1);
    clock.addAndGet(100 * MILLIS);
    pacer.awaitRow(2);

    assertThat(sleeps).containsExactly(150 * MILLIS, 150 * MILLIS);
    assertThat(pacer.elapsedNanos()).isEqualTo(500 * MILLIS);
  }

  @Test
  void lateRowsCatchUpWithoutSleeping() throws InterruptedException {
    ReplayPacer pacer = pacer(4);
    pacer.start();

    clock.addAndGet(1_100 * MILLIS);
    for (int row = 0; row <= 4; row++) {
      pacer.awaitRow(row);
    }
    pacer.awaitRow(5);

    assertThat(sleeps).containsExactly(150 * MILLIS);
    assertThat(pacer.elapsedNanos()).isEqualTo(1_250 * MILLIS);
  }

  @Test
  void zeroRateNeverSleeps() throws InterruptedException {
    ReplayPacer pacer = pacer(0);
    pacer.start();

    for (int row = 0; row < 1_000; row++) {
      pacer.awaitRow(row);
    }

    assertThat(sleeps).isEmpty();
    assertThat(pacer.dueNanos(1_000)).isZero();
  }
}
