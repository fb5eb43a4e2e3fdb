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
    assertThat(config.categoryVocabulary()).isEqualTo(256);
    assertThat(config.namePieceBuckets()).isEqualTo(1024);
    assertThat(config.namePieces()).isEqualTo(4);
    assertThat(config.textPieces()).isEqualTo(16);
    assertThat(config.identifierRatio()).isEqualTo(0.9);
    assertThat(config.quantileK()).isEqualTo(200);
    assertThat(config.refreshRows()).isEqualTo(50_000);
    assertThat(config.refreshIntervalMillis()).isEqualTo(300_000);
    assertThat(config.vocabularySize()).isEqualTo(16 + 32 + 256 + 4096);
  }

  @Test
  void idRangesFollowEachOther() {
    TokenizerConfig config =
        TokenizerConfig.builder().numericBins(4).categoryVocabulary(10).hashBuckets(20).build();

    assertThat(config.firstBinId()).isEqualTo(ValueIds.RESERVED);
    assertThat(config.firstSlotId()).isEqualTo(ValueIds.RESERVED + 4);
    assertThat(config.firstBucketId()).isEqualTo(ValueIds.RESERVED + 14);
    assertThat(config.vocabularySize()).isEqualTo(ValueIds.RESERVED + 34);
  }

  @Test
  void columnListedAsIdentifierAndTargetIsRejected() {
    assertThatThrownBy(
            () ->
                TokenizerConfig.builder()
                    .identifierColumns(java.util.Set.of("drivers.code", "drivers.url"))
                    .targetColumns(java.util.Set.of("drivers.code"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[drivers.code]");
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
    assertThatThrownBy(() -> TokenizerConfig.builder().identifierRatio(0).build())
        .hasMessage("identifierRatio must be in (0, 1] but was 0.0");
    assertThatThrownBy(() -> TokenizerConfig.builder().quantileK(4).build())
        .hasMessage("quantileK must be in [8, 65535] but was 4");
    assertThatThrownBy(() -> TokenizerConfig.builder().refreshRows(0).build())
        .hasMessageStartingWith("refreshRows must be in [1, ");
  }
}
