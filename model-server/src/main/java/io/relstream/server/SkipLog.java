package io.relstream.server;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Counts skipped records and logs the first ten, then every thousandth, so a bad producer cannot flood the log. */
final class SkipLog {
  private final Logger log;
  private final AtomicLong skipped = new AtomicLong();

  SkipLog(Logger log) {
    this.log = log;
  }

  void skip(String topic, int partition, long offset, String reason) {
    long count = skipped.incrementAndGet();
    if (count <= 10 || count % 1_000 == 0) {
      log.warn("Skipped record {} of {}-{} ({} skipped so far): {}", offset, topic, partition, count, reason);
    }
  }

  long count() {
    return skipped.get();
  }
}
