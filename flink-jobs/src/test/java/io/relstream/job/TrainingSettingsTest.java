package io.relstream.job;

import static io.relstream.testing.JobTestOptions.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.encoder.AttentionMode;
import io.relstream.encoder.OptimizerConfig;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.inference.InferenceSettings;
import io.relstream.training.ModelVersionSettings;
import io.relstream.training.ReplaySettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

  @Test
  void optionsBuildOptimizerAndVersions() {
    JobSettings settings = settingsOf(Map.of(
        "training.learning-rate", "0.002", "training.weight-decay", "0.05", "training.warmup-steps", "20",
        "training.clip-norm", "0", "training.intra-op-threads", "3", "model.directory", "file:///tmp/models",
        "model.version-interval-steps", "50", "model.version-interval", "30 s", "model.versions-retained", "2",
        "kafka.model-versions-topic", "versions"));

    OptimizerConfig optimizer = ModelConfigs.optimizer(settings);
    assertThat(optimizer.learningRate()).isEqualTo(0.002f);
    assertThat(optimizer.weightDecay()).isEqualTo(0.05f);
    assertThat(optimizer.warmupSteps()).isEqualTo(20);
    assertThat(optimizer.clipNorm()).isZero();
    assertThat(settings.training().intraOpThreads()).isEqualTo(3);
    assertThat(settings.training().versions())
        .isEqualTo(new ModelVersionSettings("file:///tmp/models", 50, Duration.ofSeconds(30), 2));
    assertThat(settings.publish().modelVersionsTopic()).isEqualTo("versions");
  }

  @Test
  void attentionOptionSelectsEncoderAttention() {
    assertThat(settingsOf(Map.of()).training().attention()).isEqualTo(AttentionMode.RELATIONAL);
    assertThat(settingsOf(Map.of("model.attention", "FULL")).training().attention())
        .isEqualTo(AttentionMode.FULL);
    assertThat(ModelConfigs.encoder(settingsOf(Map.of("model.attention", "full")),
            TokenizerConfig.defaults()).attention())
        .isEqualTo(AttentionMode.FULL);
    assertThatThrownBy(() -> settingsOf(Map.of("model.attention", "sparse")))
        .hasMessage("Invalid value for option model.attention: sparse (allowed: relational or full)");
  }

  @Test
  void relationBiasOptionReachesTheEncoder() {
    assertThat(ModelConfigs.encoder(settingsOf(Map.of()), TokenizerConfig.defaults()).relationBias())
        .isTrue();
    assertThat(ModelConfigs.encoder(settingsOf(Map.of("model.relation-bias", "false")),
            TokenizerConfig.defaults()).relationBias())
        .isFalse();
  }

  @Test
  void headsOptionChecksWidthAndAttention() {
    assertThat(ModelConfigs.encoder(settingsOf(Map.of()), TokenizerConfig.defaults()).heads()).isEqualTo(8);
    assertThat(ModelConfigs.encoder(settingsOf(Map.of("model.heads", "4")), TokenizerConfig.defaults()).heads())
        .isEqualTo(4);
    assertThat(settingsOf(Map.of("model.heads", "2", "model.attention", "full")).training().heads()).isEqualTo(2);
    assertThatThrownBy(() -> settingsOf(Map.of("model.heads", "12")))
        .hasMessage("Invalid value for option model.heads: 12 (allowed: a divisor of model.dim (64))");
    assertThatThrownBy(() -> settingsOf(Map.of("model.heads", "2")))
        .hasMessage("Invalid value for option model.heads: 2 (allowed: a multiple of 4 with relational attention)");
    assertThatThrownBy(() -> settingsOf(Map.of("model.heads", "0")))
        .hasMessageContaining("model.heads");
  }

  @Test
  void optionsBuildReplay() {
    JobSettings settings = settingsOf(Map.of("training.replay-ratio", "0.5", "training.replay-capacity", "7"));

    assertThat(settings.training().replay()).isEqualTo(new ReplaySettings(0.5, 7));
  }

  @Test
  void replayFillsBatchesToBatchSize() {
    JobSettings settings = settingsOf(Map.of("training.replay-fills-batches", "true", "batch.size", "32"));

    assertThat(settings.training().replay()).isEqualTo(new ReplaySettings(0.3, 4096, 32));
  }

  @Test
  void defaultsWriteNoVersions() {
    JobSettings settings = settingsOf(Map.of());

    assertThat(settings.training().versions().enabled()).isFalse();
    assertThat(settings.training().warmupSteps()).isEqualTo(100);
    assertThat(settings.training().replay()).isEqualTo(new ReplaySettings(0.3, 4096));
    assertThat(settings.publish().modelVersionsTopic()).isEqualTo("relstream.model-versions");
  }

  @Test
  void invalidValuesNameTheKey() {
    assertThatThrownBy(() -> settingsOf(Map.of("training.weight-decay", "2")))
        .hasMessage("Invalid value for option training.weight-decay: 2.0 (allowed: 0.0..1.0)");
    assertThatThrownBy(() -> settingsOf(Map.of("training.warmup-steps", "-1")))
        .hasMessage("Invalid value for option training.warmup-steps: -1 (allowed: 0..1000000)");
    assertThatThrownBy(() -> settingsOf(Map.of("training.clip-norm", "-0.5")))
        .hasMessageContaining("training.clip-norm");
    assertThatThrownBy(() -> settingsOf(Map.of("training.intra-op-threads", "0")))
        .hasMessage("Invalid value for option training.intra-op-threads: 0 (allowed: 1..1024)");
    assertThatThrownBy(() -> settingsOf(Map.of("model.version-interval-steps", "0")))
        .hasMessageContaining("model.version-interval-steps");
    assertThatThrownBy(() -> settingsOf(Map.of("model.version-interval", "0 s")))
        .hasMessageContaining("model.version-interval");
    assertThatThrownBy(() -> settingsOf(Map.of("model.versions-retained", "0")))
        .hasMessage("Invalid value for option model.versions-retained: 0 (allowed: 1..10000)");
    assertThatThrownBy(() -> settingsOf(Map.of("training.replay-ratio", "0.95")))
        .hasMessage("Invalid value for option training.replay-ratio: 0.95 (allowed: 0.0..0.9)");
    assertThatThrownBy(() -> settingsOf(Map.of("training.replay-capacity", "0")))
        .hasMessage("Invalid value for option training.replay-capacity: 0 (allowed: 1..1000000)");
    assertThatThrownBy(() -> settingsOf(Map.of("model.directory", " ")))
        .hasMessageContaining("model.directory");
  }

  @Test
  void optionsBuildInference() {
    JobSettings settings = settingsOf(Map.of("inference.enabled", "false", "inference.parallelism", "2",
        "inference.batch-size", "8", "inference.batch-timeout", "3 ms", "inference.snapshot-interval-steps", "4",
        "inference.snapshot-interval", "500 ms", "inference.pending-capacity", "100",
        "training.max-busy-fraction", "0.25"));

    assertThat(settings.training().inference()).isEqualTo(new InferenceSettings(false, 2, 8, Duration.ofMillis(3), 4,
        Duration.ofMillis(500), 100, 0.25));
  }

  @Test
  void invalidInferenceValuesNameTheKey() {
    assertThatThrownBy(() -> settingsOf(Map.of("training.max-busy-fraction", "0")))
        .hasMessageContaining("training.max-busy-fraction");
    assertThatThrownBy(() -> settingsOf(Map.of("inference.parallelism", "0")))
        .hasMessage("Invalid value for option inference.parallelism: 0 (allowed: 1..1024)");
    assertThatThrownBy(() -> settingsOf(Map.of("inference.batch-size", "0")))
        .hasMessage("Invalid value for option inference.batch-size: 0 (allowed: 1..4096)");
    assertThatThrownBy(() -> settingsOf(Map.of("inference.batch-timeout", "2 min")))
        .hasMessageContaining("inference.batch-timeout");
    assertThatThrownBy(() -> settingsOf(Map.of("inference.snapshot-interval", "0 s")))
        .hasMessageContaining("inference.snapshot-interval");
    assertThatThrownBy(() -> settingsOf(Map.of("inference.pending-capacity", "0")))
        .hasMessageContaining("inference.pending-capacity");
  }
}
