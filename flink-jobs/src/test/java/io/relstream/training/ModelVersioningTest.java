package io.relstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.encoder.EncoderConfig;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.TokenizerConfig;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version schedule and the Flink file system store under it, on a local directory. */
class ModelVersioningTest {
  private static final TokenizerConfig TOKENIZER = TokenizerConfig.defaults();
  private static final EncoderConfig ENCODER = EncoderConfig.builder(TOKENIZER).build();

  @TempDir Path directory;

  @Test
  void versionIsDueByStepsOrByTimeAfterAStep() throws Exception {
    ModelVersioning versioning = versioning(new ModelVersionSettings(uri(), 10, Duration.ofSeconds(30), 3));
    versioning.open(0, 0, 1_000);

    assertThat(versioning.isDue(9, 2_000)).as("9 steps, 1 s").isFalse();
    assertThat(versioning.isDue(10, 2_000)).as("10 steps").isTrue();
    assertThat(versioning.isDue(1, 31_000)).as("1 step, 30 s").isTrue();
    assertThat(versioning.isDue(0, 31_000)).as("no step, 30 s").isFalse();
  }

  @Test
  void restoredVersioningContinuesAfterHighestDirectory() throws Exception {
    Files.createDirectories(directory.resolve("00000007"));
    ModelVersioning versioning = versioning(new ModelVersionSettings(uri(), 10, Duration.ofSeconds(30), 3));

    versioning.open(4, 40, 0);

    assertThat(versioning.lastVersion()).isEqualTo(7);
    assertThat(versioning.lastVersionStep()).isEqualTo(40);
    assertThat(versioning.isDue(49, 1)).isFalse();
    assertThat(versioning.isDue(50, 1)).isTrue();
  }

  @Test
  void unknownFileSystemNamesTheOption() {
    ModelVersioning versioning = versioning(new ModelVersionSettings("nosuchfs://bucket/models", 10,
        Duration.ofSeconds(30), 3));

    assertThatThrownBy(() -> versioning.open(0, 0, 0))
        .hasMessageContaining("nosuchfs://bucket/models")
        .hasMessageContaining("model.directory");
  }

  @Test
  void disabledVersioningIsNeverDue() throws Exception {
    ModelVersioning versioning = versioning(ModelVersionSettings.disabled());
    versioning.open(0, 0, 0);

    assertThat(versioning.isDue(1_000_000, Long.MAX_VALUE)).isFalse();
  }

  @Test
  void flinkStoreWritesOnceListsAndDeletes() throws Exception {
    FlinkModelStore store = new FlinkModelStore(uri());
    store.write("00000001/weights.bin", new byte[] {1, 2});
    store.write("00000002/weights.bin", new byte[] {3});

    assertThat(store.read("00000001/weights.bin")).containsExactly(1, 2);
    assertThat(store.exists("00000002/weights.bin")).isTrue();
    assertThat(store.directories()).containsExactlyInAnyOrder("00000001", "00000002");
    assertThat(Files.list(directory.resolve("00000001")).map(p -> p.getFileName().toString()).toList())
        .as("no temporary file left").isEqualTo(List.of("weights.bin"));
    assertThatThrownBy(() -> store.write("00000001/weights.bin", new byte[] {9}))
        .isInstanceOf(FileAlreadyExistsException.class);

    store.delete("00000002/weights.bin");
    store.deleteDirectory("00000001");

    assertThat(store.exists("00000002/weights.bin")).isFalse();
    assertThat(store.directories()).containsExactly("00000002");
  }

  private ModelVersioning versioning(ModelVersionSettings settings) {
    return new ModelVersioning(settings, new DatabaseSchema(List.of()), TOKENIZER, ENCODER);
  }

  private String uri() {
    return directory.toUri().toString();
  }
}
