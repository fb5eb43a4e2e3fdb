package io.relstream.job;

import io.relstream.encoder.EncoderConfig;
import io.relstream.tokenize.TokenizerConfig;

/** Builds the tokenizer's and the encoder's configurations from the job's settings. */
final class ModelConfigs {

  private ModelConfigs() {}

  static TokenizerConfig tokenizer(JobSettings settings) {
    return TokenizerConfig.builder().maxTokens(settings.maxTokens()).build();
  }

  static EncoderConfig encoder(JobSettings settings, TokenizerConfig tokenizer) {
    return EncoderConfig.builder(tokenizer)
        .modelDim(settings.modelDim())
        .layers(settings.layers())
        .ffnDim(settings.modelDim() * 2)
        .embeddingDim(settings.embeddingDim())
        .learningRate((float) settings.learningRate())
        .seed(settings.seed())
        .build();
  }
}
