package io.relstream.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.encoder.EncoderConfig;
import io.relstream.encoder.RelationalEncoderModel;
import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.ForeignKey;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.schema.TimeVia;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model versions written to a local directory and read back: the layout, pruning, the manifest's
 * round trip and a loaded version's embeddings.
 */
class ModelVersionStoreTest {
  private static final DatabaseSchema SCHEMA =
      new DatabaseSchema(
          List.of(
              new TableSchema(
                  "teams",
                  List.of(
                      new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
                      new ColumnSchema("name", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true)),
                  List.of("id"),
                  List.of(),
                  null,
                  null),
              new TableSchema(
                  "players",
                  List.of(
                      new ColumnSchema("id", "int8", Types.BIGINT, SemanticType.KEY, false),
                      new ColumnSchema("teamId", "int8", Types.BIGINT, SemanticType.KEY, true),
                      new ColumnSchema("position", "text", Types.VARCHAR, SemanticType.CATEGORICAL, true),
                      new ColumnSchema("points", "float8", Types.DOUBLE, SemanticType.NUMERIC, true),
                      new ColumnSchema("joined", "timestamp", Types.TIMESTAMP, SemanticType.TIMESTAMP, true)),
                  List.of("id"),
                  List.of(new ForeignKey(List.of("teamId"), "teams", List.of("id"))),
                  null,
                  new TimeVia("teamId", "teams", "founded"))));
  private static final TokenizerConfig TOKENIZER =
      TokenizerConfig.builder()
          .maxTokens(16)
          .numericBins(8)
          .categoryVocabulary(8)
          .hashBuckets(32)
          .identifierColumns(Set.of("teams.name"))
          .build();
  private static final EncoderConfig ENCODER =
      EncoderConfig.builder(TOKENIZER).modelDim(16).heads(4).layers(1).ffnDim(32).embeddingDim(8).build();
  private static final String[] POSITIONS = {"keeper", "defender", "midfielder", "forward"};

  @TempDir Path directory;

  @Test
  void loadedVersionEmbedsLikeLiveModel() throws Exception {
    Tokenizer tokenizer = tokenizerWithStatistics();
    ModelVersionWriter writer = new ModelVersionWriter(new LocalModelStore(directory), 3);
    float[][] expected;
    try (RelationalEncoderModel live = new RelationalEncoderModel(ENCODER)) {
      Masker masker = new Masker(MaskingConfig.of(0.3, MaskingStrategy.UNIFORM));
      SplittableRandom random = new SplittableRandom(3);
      for (int step = 0; step < 5; step++) {
        List<MaskedExample> masked = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          masked.add(masker.mask(tokenizer.tokenize(player(step * 8 + i)), random));
        }
        live.trainStep(TokenBatch.collate(masked, TOKENIZER.maxTokens()));
      }
      expected = live.embed(probe(tokenizer));
      writer.write(manifest(1, live.step(), tokenizer), live.saveParameters());
    }

    ModelVersionReader reader = new ModelVersionReader(new LocalModelStore(directory));
    try (LoadedModelVersion loaded = reader.load(1)) {
      assertThat(loaded.model().step()).isEqualTo(5);
      assertThat(loaded.tokenizer().version()).isEqualTo(tokenizer.version());
      assertThat(loaded.model().embed(probe(loaded.tokenizer()))).isEqualTo(expected);
    }
  }

  @Test
  void manifestRoundTripsEveryField() throws Exception {
    Tokenizer tokenizer = tokenizerWithStatistics();
    ModelManifest written = manifest(7, 120, tokenizer);

    ModelManifest read = ManifestJson.read(ManifestJson.write(written));

    assertThat(read.formatVersion()).isEqualTo(ModelManifest.FORMAT_VERSION);
    assertThat(read.version()).isEqualTo(7);
    assertThat(read.step()).isEqualTo(120);
    assertThat(read.createdAtMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(read.encoder()).isEqualTo(ENCODER);
    assertThat(read.schema().tables()).isEqualTo(SCHEMA.tables());
    assertThat(read.tokenizerConfig().toString()).isEqualTo(TOKENIZER.toString());
    assertThat(read.tokenizerConfig().identifierColumns()).containsExactly("teams.name");
    assertThat(read.tokenizer()).isEqualTo(tokenizer.version());
    assertThat(read.tokenizer().vocabulary("players.position")).contains(POSITIONS);
    assertThat(read.metrics()).isEqualTo(written.metrics());
  }

  @Test
  void manifestOfFreshTokenizerRoundTrips() {
    Tokenizer fresh = new Tokenizer(SCHEMA, TOKENIZER);
    ModelManifest written =
        new ModelManifest(
            ModelManifest.FORMAT_VERSION, 1, 0, 5L, ENCODER, SCHEMA, TOKENIZER, fresh.version(), ModelMetrics.none());

    String json = new String(ManifestJson.write(written), StandardCharsets.UTF_8);
    ModelManifest read = ManifestJson.read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(json).contains("\"loss\" : \"NaN\"");
    assertThat(read.tokenizer()).isEqualTo(fresh.version());
    assertThat(read.metrics().loss()).isNaN();
  }

  @Test
  void writerLaysOutAndPrunesVersions() throws Exception {
    Tokenizer tokenizer = tokenizerWithStatistics();
    ModelStore store = new LocalModelStore(directory);
    ModelVersionWriter writer = new ModelVersionWriter(store, 2);
    // A crashed writer left weights without a manifest.
    store.write(ModelVersionLayout.weightsPath(2), new byte[] {1});

    ModelVersionInfo info = null;
    for (long version : new long[] {1, 3, 4}) {
      info = writer.write(manifest(version, version * 10, tokenizer), new byte[] {(byte) version});
    }

    assertThat(Files.exists(directory.resolve("00000004/weights.bin"))).isTrue();
    assertThat(Files.exists(directory.resolve("00000004/manifest.json"))).isTrue();
    assertThat(Files.exists(directory.resolve("00000001"))).as("pruned version 1").isFalse();
    assertThat(Files.exists(directory.resolve("00000002"))).as("incomplete version 2").isFalse();
    ModelVersionReader reader = new ModelVersionReader(store);
    assertThat(reader.versions()).containsExactly(3L, 4L);
    assertThat(reader.latest()).hasValue(4);
    assertThat(writer.highestVersion()).isEqualTo(4);
    assertThat(info.version()).isEqualTo(4);
    assertThat(info.step()).isEqualTo(40);
    assertThat(info.location()).isEqualTo(directory.resolve("00000004").toUri().toString());
    assertThat(info.manifest()).isEqualTo(directory.resolve("00000004/manifest.json").toUri().toString());
  }

  @Test
  void versionsAreImmutable() throws Exception {
    Tokenizer tokenizer = tokenizerWithStatistics();
    ModelVersionWriter writer = new ModelVersionWriter(new LocalModelStore(directory), 2);
    writer.write(manifest(1, 10, tokenizer), new byte[] {1});

    assertThatThrownBy(() -> writer.write(manifest(1, 20, tokenizer), new byte[] {2}))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(directory.resolve("00000001/weights.bin"))).containsExactly(1);
  }

  @Test
  void readerRejectsInvalidManifests() throws Exception {
    ModelStore store = new LocalModelStore(directory);
    store.write(ModelVersionLayout.manifestPath(1), "{\"formatVersion\": 4}".getBytes(StandardCharsets.UTF_8));
    store.write(ModelVersionLayout.manifestPath(2), "{\"formatVersion\": 3}".getBytes(StandardCharsets.UTF_8));
    store.write(ModelVersionLayout.manifestPath(3), "not json".getBytes(StandardCharsets.UTF_8));
    store.write(ModelVersionLayout.manifestPath(4), "{\"formatVersion\": 2}".getBytes(StandardCharsets.UTF_8));
    ModelVersionReader reader = new ModelVersionReader(store);

    assertThatThrownBy(() -> reader.manifest(1)).hasMessageContaining("Unsupported manifest format 4");
    assertThatThrownBy(() -> reader.manifest(2)).hasMessageContaining("missing field tokenizer");
    assertThatThrownBy(() -> reader.manifest(3)).hasMessageContaining("Invalid model manifest");
    assertThatThrownBy(() -> reader.manifest(4)).hasMessageContaining("Unsupported manifest format 2: this reader reads 3");
  }

  @Test
  void layoutNamesVersionsWithEightDigits() {
    assertThat(ModelVersionLayout.directory(42)).isEqualTo("00000042");
    assertThat(ModelVersionLayout.parse("00000042")).hasValue(42);
    assertThat(ModelVersionLayout.parse("00000000")).isEmpty();
    assertThat(ModelVersionLayout.parse("42")).isEmpty();
    assertThat(ModelVersionLayout.parse("0000004x")).isEmpty();
    assertThatThrownBy(() -> ModelVersionLayout.directory(0)).hasMessageContaining("was 0");
  }

  private static ModelManifest manifest(long version, long step, Tokenizer tokenizer) {
    return new ModelManifest(
        ModelManifest.FORMAT_VERSION,
        version,
        step,
        1_700_000_000_000L,
        ENCODER,
        SCHEMA,
        TOKENIZER,
        tokenizer.version(),
        new ModelMetrics(20, 2.5, 2.0, 0.5, 0.25));
  }

  private static Tokenizer tokenizerWithStatistics() {
    Tokenizer tokenizer = new Tokenizer(SCHEMA, TOKENIZER);
    for (int i = 0; i < 64; i++) {
      tokenizer.observe(player(i));
    }
    tokenizer.refresh(0L);
    return tokenizer;
  }

  private static TokenBatch probe(Tokenizer tokenizer) {
    List<TokenizedExample> examples = new ArrayList<>();
    for (int i = 100; i < 106; i++) {
      examples.add(tokenizer.tokenize(player(i)));
    }
    return TokenBatch.collateUnmasked(examples, TOKENIZER.maxTokens());
  }

  private static Example player(int id) {
    long joined = 1_600_000_000_000L + id * 86_400_000L;
    String key = Integer.toString(id);
    ExampleRow seed =
        new ExampleRow(
            "players",
            key,
            RowRole.SEED,
            0,
            joined,
            new Object[] {(long) id, (long) (id % 3), POSITIONS[id % 4], id * 1.5, joined});
    ExampleRow team =
        new ExampleRow(
            "teams",
            Integer.toString(id % 3),
            RowRole.PARENT,
            1,
            0L,
            new Object[] {(long) (id % 3), "Team " + id % 3});
    return new Example("players", key, joined, joined, List.of(seed, team));
  }
}
