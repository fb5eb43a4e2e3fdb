package io.relstream.server;

import io.relstream.modelstore.LoadedModelVersion;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model version that serves requests. The server holds one reference while the version is
 * current and each request holds one while it runs, so a version that is replaced closes only when
 * its last request has finished. Its encoder and tokenizer are not thread-safe, so requests run on
 * it one at a time ({@link #lock()}).
 */
final class ServedModel {
  private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

  private final ModelVersion announcement;
  private final LoadedModelVersion loaded;
  private final long loadedAtMillis;
  private final Object lock = new Object();
  /** The server's reference plus one per running request; 0 once closed. */
  private final AtomicInteger references = new AtomicInteger(1);

  ServedModel(ModelVersion announcement, LoadedModelVersion loaded, long loadedAtMillis) {
    this.announcement = announcement;
    this.loaded = loaded;
    this.loadedAtMillis = loadedAtMillis;
  }

  long version() {
    return announcement.version();
  }

  ModelVersion announcement() {
    return announcement;
  }

  LoadedModelVersion loaded() {
    return loaded;
  }

  long loadedAtMillis() {
    return loadedAtMillis;
  }

  /** Returns the lock object that a request synchronizes on while it uses the encoder and the tokenizer. */
  Object lock() {
    return lock;
  }

  /** Takes a reference for a request, or returns false when the version has already closed. */
  boolean tryAcquire() {
    while (true) {
      int count = references.get();
      if (count <= 0) {
        return false;
      }
      if (references.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  /** Gives back a reference; the last one closes the encoder. */
  void release() {
    if (references.decrementAndGet() == 0) {
      loaded.close();
      LOG.info("Closed model version {}", version());
    }
  }
}
