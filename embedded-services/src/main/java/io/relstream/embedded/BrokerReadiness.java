package io.relstream.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits until a starting Kafka broker handles requests, or fails with the tail of its output. */
final class BrokerReadiness {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 40;

  private BrokerReadiness() {}

  /**
   * Polls the broker with an ApiVersions request until it responds. Fails when the process exits
   * or {@link #STARTUP_TIMEOUT} passes.
   */
  static void await(Process process, int port, Path workDirectory) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!ApiVersionsProbe.brokerResponds(EmbeddedHosts.LOOPBACK, port, PROBE_TIMEOUT)) {
      // Waiting for the process to exit doubles as the pause between probes.
      if (waitForExit(process, PROBE_INTERVAL)) {
        throw failure("exited with code " + process.exitValue() + " during startup", port, workDirectory);
      }
      if (System.nanoTime() > deadline) {
        throw failure("did not respond to requests within " + STARTUP_TIMEOUT, port, workDirectory);
      }
    }
  }

  private static boolean waitForExit(Process process, Duration timeout) throws IOException {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for the Kafka broker to start", e);
    }
  }

  private static IOException failure(String problem, int port, Path workDirectory) {
    Path output = workDirectory.resolve(KafkaBrokerProcess.OUTPUT_FILE);
    Path log = workDirectory.resolve(BrokerConfig.BROKER_LOG);
    String lineSeparator = System.lineSeparator();
    return new IOException(
        "Kafka broker on " + EmbeddedHosts.LOOPBACK + ":" + port + " " + problem + "." + lineSeparator
            + "Last lines of " + output + ":" + lineSeparator + WorkFiles.tail(output, LOG_TAIL_LINES) + lineSeparator
            + "Last lines of " + log + ":" + lineSeparator + WorkFiles.tail(log, LOG_TAIL_LINES));
  }
}
