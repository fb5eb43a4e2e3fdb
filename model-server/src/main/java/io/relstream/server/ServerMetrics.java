package io.relstream.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The server's own meters, read from its components when Prometheus scrapes. */
final class ServerMetrics {

  private ServerMetrics() {}

  static void register(MeterRegistry registry, EmbeddingMaterializer materializer, ModelVersionFollower follower,
      ModelVersions versions, EmbeddingStore store) {
    FunctionCounter.builder("relstream.server.embeddings.applied", materializer, EmbeddingMaterializer::applied)
        .description("Embedding records stored").register(registry);
    FunctionCounter.builder("relstream.server.embeddings.deleted", materializer, EmbeddingMaterializer::deleted)
        .description("Tombstones applied").register(registry);
    FunctionCounter.builder("relstream.server.embeddings.skipped", materializer, EmbeddingMaterializer::skipped)
        .description("Embedding records skipped as unreadable").register(registry);
    Gauge.builder("relstream.server.embeddings.lag", materializer, EmbeddingMaterializer::lag)
        .description("Records of the embeddings topic not yet stored; -1 before the first poll").register(registry);
    Gauge.builder("relstream.server.embeddings.stored", store, EmbeddingStore::estimatedEntries)
        .description("RocksDB's estimate of the stored embeddings").register(registry);
    Gauge.builder("relstream.server.embeddings.freshness.seconds", materializer, ServerMetrics::freshnessSeconds)
        .description("Seconds since the job emitted the latest stored embedding; -1 before the first").register(registry);
    Gauge.builder("relstream.server.model.versions", versions, ModelVersions::size)
        .description("Model versions known").register(registry);
    Gauge.builder("relstream.server.model.current", versions,
        known -> known.current().map(ModelVersion::version).orElse(-1L))
        .description("Current model version; -1 when none is known").register(registry);
    FunctionCounter.builder("relstream.server.model.versions.skipped", follower, ModelVersionFollower::skipped)
        .description("Model version records skipped as unreadable").register(registry);
  }

  static void registerLoader(MeterRegistry registry, ModelLoader loader) {
    FunctionCounter.builder("relstream.server.model.loads", loader, ModelLoader::loads)
        .description("Model versions loaded and switched to").register(registry);
    FunctionCounter.builder("relstream.server.model.load.failures", loader, ModelLoader::failures)
        .description("Model versions that failed to load; the previous version kept serving").register(registry);
    Gauge.builder("relstream.server.model.serving", loader,
        known -> known.peek().map(ServedModel::version).orElse(-1L))
        .description("Model version that serves predictions; -1 while none is loaded").register(registry);
  }

  private static double freshnessSeconds(EmbeddingMaterializer materializer) {
    long emitted = materializer.lastEmitMillis();
    return emitted < 0 ? -1 : (System.currentTimeMillis() - emitted) / 1000.0;
  }
}
