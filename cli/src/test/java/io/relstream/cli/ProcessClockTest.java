package io.relstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark clock's wall and CPU readings. */
class ProcessClockTest {

  @Test
  void readingsGrowWithWork() {
    ProcessClock clock = new ProcessClock();
    ProcessClock.Reading first = clock.read();
    long sum = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sum += i % 7;
    }
    ProcessClock.Reading second = clock.read();

    assertThat(sum).isPositive();
    assertThat(first.wallSeconds()).isNotNegative();
    assertThat(second.wallSeconds()).isGreaterThan(first.wallSeconds());
    assertThat(second.cpuSeconds()).isGreaterThan(first.cpuSeconds());
  }
}
