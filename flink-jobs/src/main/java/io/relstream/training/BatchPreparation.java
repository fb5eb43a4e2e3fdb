package io.relstream.training;

import io.relstream.encoder.TokenBatch;
import io.relstream.example.Example;
import io.relstream.masking.MaskedExample;
import io.relstream.masking.Masker;
import io.relstream.masking.MaskingConfig;
import io.relstream.schema.DatabaseSchema;
import io.relstream.tokenize.Tokenizer;
import io.relstream.tokenize.TokenizerConfig;
import io.relstream.tokenize.TokenizerVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a batch of examples into a training batch: it adds the seeds to the tokenizer's sketches,
 * builds a new tokenizer version when one is due, then tokenizes and masks every example
 * of the batch with the one current version. Because versions change only here, between batches,
 * a batch never mixes versions. Masking randomness is derived from the seed and the training step,
 * so a restored job masks a batch as the uninterrupted job would have. Not thread-safe: the
 * training operator owns it, and its state is the tokenizer's and the masker's.
 */
final class BatchPreparation {
  private final Tokenizer tokenizer;
  private final Masker masker;
  private final int maxTokens;
  private final long seed;

  BatchPreparation(
      DatabaseSchema schema, TokenizerConfig tokenizerConfig, MaskingConfig maskingConfig, long seed) {
    this.tokenizer = new Tokenizer(schema, tokenizerConfig);
    this.masker = new Masker(maskingConfig);
    this.maxTokens = tokenizerConfig.maxTokens();
    this.seed = seed;
  }

  /** A batch ready for a training step, with the version that tokenized it. */
  record PreparedBatch(TokenBatch tokens, List<MaskedExample> examples, TokenizerVersion version) {}

  /**
   * Prepares one batch.
   *
   * @param step the model's step count before this batch, which seeds the masking randomness
   * @param nowMillis the current processing time, for the tokenizer's refresh schedule
   */
  PreparedBatch prepare(List<Example> examples, long step, long nowMillis) {
    for (Example example : examples) {
      tokenizer.observe(example);
    }
    tokenizer.refreshIfDue(nowMillis);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    List<MaskedExample> masked = new ArrayList<>(examples.size());
    for (Example example : examples) {
      masked.add(masker.mask(tokenizer.tokenize(example), random));
    }
    return new PreparedBatch(TokenBatch.collate(masked, maxTokens), masked, tokenizer.version());
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  Masker masker() {
    return masker;
  }
}
