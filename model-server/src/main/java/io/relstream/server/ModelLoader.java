package io.relstream.server;

import io.relstream.modelstore.LoadedModelVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served model in line with {@link ModelVersions#current()}: after each change of the
 * known versions or the pin, a single background thread loads the wanted version and then swaps it
 * in with one atomic write. A request takes the served model once ({@link #acquire()}) and keeps
 * it until its response is written, so a switch never drops or mixes requests. A failed load is logged and
 * counted, the previous version keeps serving, and the same announcement is not tried again.
 */
final class ModelLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  /** Loads an announced version; {@link VersionFiles#load} outside tests. */
  interface Load {
    LoadedModelVersion load(ModelVersion version) throws Exception;
  }

  private final ModelVersions versions;
  private final Load load;
  private final AtomicReference<ServedModel> served = new AtomicReference<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread worker = new Thread(runnable, "model-loader");
    worker.setDaemon(true);
    return worker;
  });
  private final AtomicBoolean queued = new AtomicBoolean();
  /** Failed announcements by version, touched only by the loader thread. */
  private final Map<Long, ModelVersion> failed = new HashMap<>();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  ModelLoader(ModelVersions versions, Load load) {
    this.versions = versions;
    this.load = load;
  }

  /** Asks the loader thread to compare the wanted version with the served one; calls coalesce. */
  void versionsChanged() {
    if (queued.compareAndSet(false, true)) {
      thread.execute(this::reconcile);
    }
  }

  private void reconcile() {
    queued.set(false);
    Optional<ModelVersion> wanted = versions.current();
    ServedModel current = served.get();
    if (wanted.isEmpty() || (current != null && current.announcement().equals(wanted.get()))) {
      return;
    }
    ModelVersion version = wanted.get();
    if (version.equals(failed.get(version.version()))) {
      return;
    }
    long started = System.nanoTime();
    LoadedModelVersion loaded;
    try {
      loaded = load.load(version);
    } catch (Exception | LinkageError e) {
      failed.put(version.version(), version);
      failures.incrementAndGet();
      lastFailure.set("version " + version.version() + ": " + e.getMessage());
      LOG.warn("Failed to load model version {} from {} ({} failures so far); still serving {}", version.version(),
          version.location(), failures.get(), current == null ? "no version" : "version " + current.version(), e);
      return;
    }
    ServedModel next = new ServedModel(version, loaded, System.currentTimeMillis());
    ServedModel previous = served.getAndSet(next);
    loads.incrementAndGet();
    LOG.info("Serving model version {} (step {}), loaded in {} ms", version.version(), version.step(),
        (System.nanoTime() - started) / 1_000_000);
    if (previous != null) {
      previous.release();
    }
    // Another change may have arrived while this version loaded.
    versionsChanged();
  }

  /**
   * Takes the served model for one request, or returns empty when none is loaded. The caller
   * releases it with {@link ServedModel#release()} when done.
   */
  Optional<ServedModel> acquire() {
    while (true) {
      ServedModel current = served.get();
      if (current == null) {
        return Optional.empty();
      }
      if (current.tryAcquire()) {
        return Optional.of(current);
      }
      // It closed between the read and the acquire, so a newer one is in place: read again.
    }
  }

  /** Returns the served version's announcement and load time, without taking a reference. */
  Optional<ServedModel> peek() {
    return Optional.ofNullable(served.get());
  }

  long loads() {
    return loads.get();
  }

  long failures() {
    return failures.get();
  }

  /** Returns the last failure's version and reason, or empty before any failure. */
  Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  /** Stops the loader thread and gives back the server's reference to the served model. */
  @Override
  public void close() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(30, TimeUnit.SECONDS);
    ServedModel last = served.getAndSet(null);
    if (last != null) {
      last.release();
    }
  }
}
