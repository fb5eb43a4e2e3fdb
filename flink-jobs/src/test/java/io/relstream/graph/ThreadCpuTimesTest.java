package io.relstream.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-thread CPU times read from Linux's /proc, as the graph scale benchmark reports them. */
class ThreadCpuTimesTest {
  /** CPU time that the test thread uses before it waits. */
  private static final long BURN_NANOS = 300_000_000L;

  @BeforeEach
  void needsProc() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
  }

  @Test
  void busyThreadIsReported() throws Exception {
    ThreadCpuTimes before = ThreadCpuTimes.read();
    CountDownLatch burned = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread burner = new Thread(() -> {
      burnCpu();
      burned.countDown();
      awaitQuietly(release);
    }, "cpu burner");
    burner.start();
    burned.await();

    Map<String, Double> busiest = parse(ThreadCpuTimes.read().busiestSince(before, 100));
    release.countDown();
    burner.join();

    assertThat(busiest).containsKey("cpu_burner");
    assertThat(busiest.get("cpu_burner")).isGreaterThanOrEqualTo(0.2);
  }

  /** Spins until the calling thread has used {@link #BURN_NANOS} of CPU time. */
  private static void burnCpu() {
    while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < BURN_NANOS) {
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Double> parse(String busiest) {
    return Arrays.stream(busiest.split(","))
        .map(pair -> pair.split(":"))
        .collect(Collectors.toMap(pair -> pair[0], pair -> Double.parseDouble(pair[1])));
  }
}
