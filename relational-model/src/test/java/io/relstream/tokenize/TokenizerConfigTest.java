package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenizerConfigTest {
  @Test
  void defaults() {
    TokenizerConfig config = TokenizerConfig.defaults();

    assertThat(config.numericBins()).isEqualTo(32);
    assertThat(config.hashBuckets()).isEqualTo(4096);
    assertThat(config.maxTokens()).isEqualTo(128);
    assertThat(config.columnIdBuckets()).isEqualTo(1024);
    assertThat(config.tableIdBuckets()).isEqualTo(128);
    assertThat(config.vocabularySize()).isEqualTo(16 + 32 + 4096);
  }

  @Test
  void outOfRangeValueIsRejected() {
    assertThatThrownBy(() -> TokenizerConfig.builder().numericBins(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numericBins must be in [2, 256] but was 1");
    assertThatThrownBy(() -> TokenizerConfig.builder().numericBins(257).build())
        .hasMessage("numericBins must be in [2, 256] but was 257");
    assertThatThrownBy(() -> TokenizerConfig.builder().maxTokens(0).build())
        .hasMessageStartingWith("maxTokens must be in [1, ");
    assertThatThrownBy(() -> TokenizerConfig.builder().hashBuckets(-5).build())
        .hasMessageContaining("hashBuckets")
        .hasMessageEndingWith("but was -5");
  }
}
