package io.relstream.encoder;

import io.relstream.masking.MaskedExample;
import io.relstream.tokenize.TokenizedExample;
import java.util.ArrayList;
import java.util.List;

/**
 * Examples padded to one length L, the longest example in the batch capped at {@code maxTokens},
 * with their masks. Tokens beyond L are dropped with their masks. Package code addresses a token by
 * its flat position {@code b * L + t}. Immutable.
 */
public final class TokenBatch {
  /** Numeric features per token: the normalized value, then the time features. */
  static final int NUMERIC_FEATURES = 1 + TokenizedExample.TIME_FEATURES;

  private final List<TokenizedExample> examples;
  private final long tokenizerVersion;
  private final int length;
  private final boolean[] real;
  private final boolean[] masked;
  private final boolean masksApplied;

  private TokenBatch(
      List<TokenizedExample> examples,
      int length,
      boolean[] real,
      boolean[] masked,
      boolean masksApplied) {
    this.examples = examples;
    this.tokenizerVersion = commonVersion(examples);
    this.length = length;
    this.real = real;
    this.masked = masked;
    this.masksApplied = masksApplied;
  }

  /**
   * Pads masked examples for a training step. In the model's input a masked token has the value id
   * MASK and zero numeric and time features.
   *
   * @throws IllegalArgumentException when the list is empty, {@code maxTokens} is below 1 or the
   *     examples come from different tokenizer versions
   */
  public static TokenBatch collate(List<MaskedExample> examples, int maxTokens) {
    List<TokenizedExample> tokenized = new ArrayList<>(examples.size());
    for (MaskedExample example : examples) {
      tokenized.add(example.example());
    }
    int length = paddedLength(tokenized, maxTokens);
    boolean[] masked = new boolean[tokenized.size() * length];
    for (int b = 0; b < examples.size(); b++) {
      MaskedExample example = examples.get(b);
      int tokens = Math.min(example.size(), length);
      for (int t = 0; t < tokens; t++) {
        masked[b * length + t] = example.isMasked(t);
      }
    }
    return new TokenBatch(
        List.copyOf(tokenized), length, realTokens(tokenized, length), masked, true);
  }

  /**
   * Pads examples without masks, for the embedding pass.
   *
   * @throws IllegalArgumentException as {@link #collate} does
   */
  public static TokenBatch collateUnmasked(List<TokenizedExample> examples, int maxTokens) {
    int length = paddedLength(examples, maxTokens);
    boolean[] masked = new boolean[examples.size() * length];
    return new TokenBatch(
        List.copyOf(examples), length, realTokens(examples, length), masked, false);
  }

  /** Returns the same batch with every token visible, the original value ids and features. */
  public TokenBatch withoutMasks() {
    return masksApplied ? new TokenBatch(examples, length, real, masked, false) : this;
  }

  /**
   * Returns the tokenizer version of every example: a batch never mixes versions, because the
   * value ids of one version mean something else in another.
   */
  public long tokenizerVersion() {
    return tokenizerVersion;
  }

  /** Returns the number of examples B. */
  public int size() {
    return examples.size();
  }

  /** Returns the padded length L. */
  public int length() {
    return length;
  }

  /**
   * Returns example {@code index} of the batch, whose seed identifies row {@code index} of an
   * embedding.
   */
  public TokenizedExample example(int index) {
    return examples.get(index);
  }

  /** Returns the number of masked tokens within the padded length. */
  public int maskedTokenCount() {
    int count = 0;
    for (int i = 0; i < masked.length; i++) {
      if (isMasked(i)) {
        count++;
      }
    }
    return count;
  }

  /** Returns whether the flat position {@code b * length() + t} is a token rather than padding. */
  boolean isReal(int position) {
    return real[position];
  }

  /** Returns whether the flat position is a token that the model must not see. */
  public boolean isMasked(int position) {
    return masksApplied && masked[position];
  }

  private static int paddedLength(List<TokenizedExample> examples, int maxTokens) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("A batch needs at least one example");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1 but was " + maxTokens);
    }
    int longest = 1;
    for (TokenizedExample example : examples) {
      longest = Math.max(longest, example.size());
    }
    return Math.min(longest, maxTokens);
  }

  private static long commonVersion(List<TokenizedExample> examples) {
    long version = examples.get(0).tokenizerVersion();
    for (TokenizedExample example : examples) {
      if (example.tokenizerVersion() != version) {
        throw new IllegalArgumentException(
            "A batch mixes tokenizer versions "
                + version
                + " and "
                + example.tokenizerVersion()
                + ": tokenize all of its examples with one version");
      }
    }
    return version;
  }

  private static boolean[] realTokens(List<TokenizedExample> examples, int length) {
    boolean[] real = new boolean[examples.size() * length];
    for (int b = 0; b < examples.size(); b++) {
      int tokens = Math.min(examples.get(b).size(), length);
      for (int t = 0; t < tokens; t++) {
        real[b * length + t] = true;
      }
    }
    return real;
  }
}
