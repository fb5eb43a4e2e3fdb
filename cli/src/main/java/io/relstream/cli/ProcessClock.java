package io.relstream.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Wall time and this JVM's CPU time since creation. The local Flink cluster runs inside this JVM,
 * so its CPU time covers every Flink task. PostgreSQL and the Kafka broker run in other processes
 * and are not counted.
 */
final class ProcessClock {
  private final long startNanos = System.nanoTime();
  private final long startCpuNanos = cpuNanos();

  /**
   * Elapsed times.
   *
   * @param wallSeconds wall time since the clock started
   * @param cpuSeconds CPU time of all this JVM's threads since the clock started, or NaN when the JVM does not report it
   */
  record Reading(double wallSeconds, double cpuSeconds) {}

  Reading read() {
    long cpu = cpuNanos();
    double cpuSeconds = cpu < 0 || startCpuNanos < 0 ? Double.NaN : (cpu - startCpuNanos) / 1e9;
    return new Reading((System.nanoTime() - startNanos) / 1e9, cpuSeconds);
  }

  private static long cpuNanos() {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    return bean instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }
}
