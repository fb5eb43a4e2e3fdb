package io.relstream.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.modelstore.LoadedModelVersion;
import io.relstream.tokenize.Tokenizer;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The loader's switching with small real encoders; a location containing "broken" fails to load. */
class ModelLoaderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final ModelVersions versions = new ModelVersions();
  private final Set<Long> loaded = ConcurrentHashMap.newKeySet();

  private LoadedModelVersion load(ModelVersion version) throws IOException {
    if (version.location().contains("broken")) {
      throw new IOException("no weights.bin at " + version.location());
    }
    loaded.add(version.version());
    EncoderConfig config = EncoderConfig.builder(PredictionFixtures.TOKENIZER).modelDim(8).heads(4).layers(1)
        .ffnDim(8).embeddingDim(4).build();
    return new LoadedModelVersion(null, new RelationalEncoderModel(config),
        new Tokenizer(PredictionFixtures.schema(), PredictionFixtures.TOKENIZER));
  }

  private static ModelVersion version(long number, String location) {
    return new ModelVersion(number, number * 10, 0L, location, JsonNodeFactory.instance.textNode("manifest"));
  }

  private void announce(ModelLoader loader, ModelVersion version) {
    versions.put(version);
    loader.versionsChanged();
  }

  @Test
  void switchKeepsRunningRequestVersion() throws Exception {
    try (ModelLoader loader = new ModelLoader(versions, this::load)) {
      assertThat(loader.acquire()).isEmpty();
      announce(loader, version(1, "file:///models/00000001"));
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 1);

      ServedModel running = loader.acquire().orElseThrow();
      announce(loader, version(2, "file:///models/00000002"));
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 2);

      // The request that took version 1 still holds it: it is open until released.
      assertThat(running.version()).isEqualTo(1);
      assertThat(running.tryAcquire()).isTrue();
      running.release();
      running.release();
      assertThat(running.tryAcquire()).as("closed after its last request").isFalse();
      assertThat(loader.loads()).isEqualTo(2);
    }
  }

  @Test
  void failedLoadKeepsPreviousVersionAndIsCounted() throws Exception {
    try (ModelLoader loader = new ModelLoader(versions, this::load)) {
      announce(loader, version(1, "file:///models/00000001"));
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 1);

      announce(loader, version(2, "file:///broken/00000002"));
      await().atMost(TIMEOUT).until(() -> loader.failures() == 1);

      assertThat(servedVersion(loader)).isEqualTo(1);
      assertThat(loader.lastFailure()).hasValueSatisfying(failure -> assertThat(failure).contains("version 2"));
      // A repaired announcement of the same version is tried again.
      announce(loader, version(2, "file:///models/00000002"));
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 2);
      assertThat(loader.failures()).isEqualTo(1);
    }
  }

  @Test
  void pinnedVersionIsServedUntilUnpinned() throws Exception {
    try (ModelLoader loader = new ModelLoader(versions, this::load)) {
      announce(loader, version(1, "file:///models/00000001"));
      announce(loader, version(2, "file:///models/00000002"));
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 2);

      versions.pin(1L);
      loader.versionsChanged();
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 1);
      versions.pin(null);
      loader.versionsChanged();
      await().atMost(TIMEOUT).until(() -> servedVersion(loader) == 2);
    }
  }

  private static long servedVersion(ModelLoader loader) {
    return loader.peek().map(ServedModel::version).orElse(-1L);
  }
}
