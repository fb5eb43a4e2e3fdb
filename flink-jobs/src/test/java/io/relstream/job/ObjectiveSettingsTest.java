package io.relstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.masking.MaskingConfig;
import io.relstream.masking.MaskingStrategy;
import io.relstream.masking.TargetRows;
import io.relstream.schema.ColumnSchema;
import io.relstream.schema.DatabaseSchema;
import io.relstream.schema.SemanticType;
import io.relstream.schema.TableSchema;
import io.relstream.tokenize.TokenizerConfig;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ObjectiveSettingsTest {
  private static final DatabaseSchema SCHEMA = new DatabaseSchema(List.of(
      new TableSchema("drivers",
          List.of(new ColumnSchema("driverId", "int8", Types.BIGINT, SemanticType.KEY, false),
              new ColumnSchema("code", "text", Types.VARCHAR, SemanticType.TEXT, true),
              new ColumnSchema("url", "text", Types.VARCHAR, SemanticType.TEXT, true)),
          List.of("driverId"), List.of(), null, null)));

  private static Configuration configuration(Map<String, String> options) {
    Configuration configuration = new Configuration();
    configuration.setString(RelstreamOptions.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
    options.forEach(configuration::setString);
    return configuration;
  }

  private static JobSettings settings(Map<String, String> options) {
    return JobSettings.from(configuration(options));
  }

  @Test
  void defaultsBuildDefaultTokenizerAndMasking() {
    JobSettings settings = settings(Map.of());
    TokenizerConfig tokenizer = ModelConfigs.tokenizer(settings, SCHEMA);
    MaskingConfig masking = ModelConfigs.masking(settings);

    assertThat(tokenizer.numericBins()).isEqualTo(32);
    assertThat(tokenizer.categoryVocabulary()).isEqualTo(256);
    assertThat(tokenizer.refreshRows()).isEqualTo(50_000);
    assertThat(tokenizer.refreshIntervalMillis()).isEqualTo(300_000);
    assertThat(masking.rate()).isEqualTo(0.15);
    assertThat(masking.weights()).isEqualTo(Map.of(MaskingStrategy.COLUMN_AWARE, 1.0));
    assertThat(masking.correlatedChildren()).isFalse();
    assertThat(masking.targetRows()).isEqualTo(TargetRows.ALL);
  }

  @Test
  void optionsReachConfigs() {
    JobSettings settings = settings(Map.ofEntries(
        Map.entry("model.numeric-bins", "16"),
        Map.entry("model.category-vocabulary", "64"),
        Map.entry("model.text-pieces", "8"),
        Map.entry("model.identifier-ratio", "0.8"),
        Map.entry("model.identifier-columns", "drivers.code"),
        Map.entry("model.target-columns", "drivers.url"),
        Map.entry("model.tokenizer-refresh-rows", "1000"),
        Map.entry("model.tokenizer-refresh-interval", "30 s"),
        Map.entry("masking.strategy", "uniform:0.7,correlated:0.3"),
        Map.entry("masking.correlated-children", "true"),
        Map.entry("masking.target-rows", "seed")));
    TokenizerConfig tokenizer = ModelConfigs.tokenizer(settings, SCHEMA);
    MaskingConfig masking = ModelConfigs.masking(settings);

    assertThat(tokenizer.numericBins()).isEqualTo(16);
    assertThat(tokenizer.categoryVocabulary()).isEqualTo(64);
    assertThat(tokenizer.textPieces()).isEqualTo(8);
    assertThat(tokenizer.identifierRatio()).isEqualTo(0.8);
    assertThat(tokenizer.identifierColumns()).isEqualTo(Set.of("drivers.code"));
    assertThat(tokenizer.targetColumns()).isEqualTo(Set.of("drivers.url"));
    assertThat(tokenizer.refreshRows()).isEqualTo(1000);
    assertThat(tokenizer.refreshIntervalMillis()).isEqualTo(30_000);
    assertThat(masking.weights())
        .isEqualTo(Map.of(MaskingStrategy.UNIFORM, 0.7, MaskingStrategy.CORRELATED, 0.3));
    assertThat(masking.correlatedChildren()).isTrue();
    assertThat(masking.targetRows()).isEqualTo(TargetRows.SEED);
  }

  @Test
  void invalidValuesNameKeyRangeAndValue() {
    Object[][] cases = {
      {"model.numeric-bins", "1", "2..256"},
      {"model.category-vocabulary", "0", "1..65536"},
      {"model.text-pieces", "300", "1..256"},
      {"model.identifier-ratio", "1.5", "0.01..1.0"},
      {"model.tokenizer-refresh-rows", "0", "1..1000000000"},
      {"model.tokenizer-refresh-interval", "0 ms", "1 ms..365 d"},
      {"masking.strategy", "random", "uniform, column-aware, correlated"},
      {"masking.strategy", "uniform:0.5", "weights summing to 1"},
      {"model.identifier-columns", "code", "table.column"},
      {"masking.target-rows", "context", "all or seed"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> settings(Map.of((String) c[0], (String) c[1])))
          .as("%s=%s", c[0], c[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid value for option " + c[0])
          .hasMessageContaining((String) c[2]);
    }
  }

  @Test
  void rejectedValueIsInMessage() {
    assertThatThrownBy(() -> settings(Map.of("model.numeric-bins", "1")))
        .hasMessage("Invalid value for option model.numeric-bins: 1 (allowed: 2..256)");
    assertThatThrownBy(() -> settings(Map.of("model.tokenizer-refresh-interval", "0 ms")))
        .hasMessage("Invalid value for option model.tokenizer-refresh-interval: PT0S (allowed: 1 ms..365 d)");
  }

  @Test
  void columnListedTwiceIsRejected() {
    assertThatThrownBy(() -> settings(Map.of(
        "model.identifier-columns", "drivers.code", "model.target-columns", "drivers.code")))
        .hasMessageContaining("model.identifier-columns")
        .hasMessageContaining("model.target-columns")
        .hasMessageContaining("drivers.code");
  }

  @Test
  void columnsMustExistInSchema() {
    JobSettings unknown = settings(Map.of("model.target-columns", "drivers.nickname"));
    JobSettings key = settings(Map.of("model.identifier-columns", "drivers.driverId"));

    assertThatThrownBy(() -> ModelConfigs.tokenizer(unknown, SCHEMA))
        .hasMessageContaining("Invalid value for option model.target-columns: drivers.nickname");
    assertThatThrownBy(() -> ModelConfigs.tokenizer(key, SCHEMA))
        .hasMessageContaining("Invalid value for option model.identifier-columns: drivers.driverId");
  }
}
