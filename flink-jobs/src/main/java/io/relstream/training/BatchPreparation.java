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

  /**
   * A batch ready for a training step, with the version that tokenized it.
   *
   * @param tokens the fresh and the replayed examples, to train on
   * @param freshTokens the fresh examples only, to embed; the same batch as {@code tokens} when
   *     nothing was replayed
   * @param examples the fresh examples, masked, in batch order
   * @param trained every example of {@code tokens}, masked: the fresh ones, then the replayed ones
   * @param replayed the number of replayed examples in {@code tokens}
   * @param version the tokenizer version of every example
   */
  record PreparedBatch(TokenBatch tokens, TokenBatch freshTokens, List<MaskedExample> examples,
      List<MaskedExample> trained, int replayed, TokenizerVersion version) {}

  /** Prepares a batch without replayed examples. */
  PreparedBatch prepare(List<Example> examples, long step, long nowMillis) {
    return prepare(examples, List.of(), step, nowMillis);
  }

  /**
   * Prepares one batch. Only the fresh examples are added to the sketches, because the replayed
   * ones were counted when they were fresh.
   *
   * @param replayed older examples to train on after the fresh ones
   * @param step the model's step count before this batch, which seeds the masking randomness
   * @param nowMillis the current processing time, for the tokenizer's refresh schedule
   */
  PreparedBatch prepare(List<Example> examples, List<Example> replayed, long step, long nowMillis) {
    for (Example example : examples) {
      tokenizer.observe(example);
    }
    tokenizer.refreshIfDue(nowMillis);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    List<MaskedExample> masked = new ArrayList<>(examples.size() + replayed.size());
    for (Example example : examples) {
      masked.add(masker.mask(tokenizer.tokenize(example), random));
    }
    TokenBatch fresh = TokenBatch.collate(masked, maxTokens);
    if (replayed.isEmpty()) {
      return new PreparedBatch(fresh, fresh, masked, masked, 0, tokenizer.version());
    }
    List<MaskedExample> all = new ArrayList<>(masked);
    for (Example example : replayed) {
      all.add(masker.mask(tokenizer.tokenize(example), random));
    }
    return new PreparedBatch(TokenBatch.collate(all, maxTokens), fresh, masked, all, replayed.size(),
        tokenizer.version());
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  Masker masker() {
    return masker;
  }
}
