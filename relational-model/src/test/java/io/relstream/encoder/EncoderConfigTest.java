package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relstream.tokenize.TokenizerConfig;
import org.junit.jupiter.api.Test;

class EncoderConfigTest {
  @Test
  void defaultsTakeSizesFromTokenizer() {
    TokenizerConfig tokenizer =
        TokenizerConfig.builder()
            .numericBins(16)
            .hashBuckets(1000)
            .maxTokens(64)
            .columnIdBuckets(512)
            .tableIdBuckets(32)
            .categoryVocabulary(100)
            .namePieceBuckets(300)
            .namePieces(3)
            .build();
    EncoderConfig config = EncoderConfig.builder(tokenizer).build();

    assertThat(config.modelDim()).isEqualTo(64);
    assertThat(config.heads()).isEqualTo(4);
    assertThat(config.layers()).isEqualTo(2);
    assertThat(config.ffnDim()).isEqualTo(128);
    assertThat(config.embeddingDim()).isEqualTo(32);
    assertThat(config.learningRate()).isEqualTo(1e-3f);
    assertThat(config.seed()).isEqualTo(42);
    assertThat(config.regressionLossWeight()).isEqualTo(1f);
    assertThat(config.intraOpThreads()).isEqualTo(1);
    assertThat(config.vocabularySize()).isEqualTo(16 + 16 + 100 + 1000);
    assertThat(config.namePieceBuckets()).isEqualTo(300);
    assertThat(config.namePieces()).isEqualTo(3);
    assertThat(config.maxTokens()).isEqualTo(64);
    assertThat(config.columnIdBuckets()).isEqualTo(512);
    assertThat(config.tableIdBuckets()).isEqualTo(32);
  }

  @Test
  void invalidValuesAreRejected() {
    assertThatThrownBy(() -> EncoderConfig.builder().modelDim(66).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modelDim must be a multiple of heads, but modelDim was 66 and heads 4");
    assertThatThrownBy(() -> EncoderConfig.builder().layers(0).build())
        .hasMessage("layers must be in [1, 48] but was 0");
    assertThatThrownBy(() -> EncoderConfig.builder().learningRate(Float.NaN).build())
        .hasMessage("learningRate must be in (0, 1] but was NaN");
    assertThatThrownBy(() -> EncoderConfig.builder().regressionLossWeight(-1f).build())
        .hasMessage("regressionLossWeight must be in [0, 1000] but was -1.0");
    assertThatThrownBy(() -> EncoderConfig.builder().intraOpThreads(0).build())
        .hasMessageStartingWith("intraOpThreads must be in [1, ");
  }
}
