package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.util.SplittableRandom;

/**
 * Masks each maskable token independently with a fixed probability, and one at random when that
 * chose none, so every example with a maskable token trains the model. Deterministic for a seed and
 * a sequence of calls. Not thread-safe: use one instance per operator.
 */
public final class UniformMasker {
  public static final double MIN_RATE = 0.10;
  public static final double MAX_RATE = 0.40;

  private final double rate;
  private final SplittableRandom random;

  /**
   * @param rate the probability that a maskable token is masked, in [0.10, 0.40]
   * @param seed the seed of the random sequence
   */
  public UniformMasker(double rate, long seed) {
    if (!(rate >= MIN_RATE && rate <= MAX_RATE)) {
      throw new IllegalArgumentException(
          "Mask rate must be in [" + MIN_RATE + ", " + MAX_RATE + "] but was " + rate);
    }
    this.rate = rate;
    this.random = new SplittableRandom(seed);
  }

  public double rate() {
    return rate;
  }

  /**
   * Chooses the masked tokens of an example. Only tokens with a class or regression target are
   * candidates, so an example without any gets no masked token.
   */
  public MaskedExample mask(TokenizedExample example) {
    boolean[] masked = new boolean[example.size()];
    int maskable = 0;
    int chosen = 0;
    for (int token = 0; token < masked.length; token++) {
      if (example.isMaskable(token)) {
        maskable++;
        if (random.nextDouble() < rate) {
          masked[token] = true;
          chosen++;
        }
      }
    }
    if (chosen == 0 && maskable > 0) {
      masked[nthMaskable(example, random.nextInt(maskable))] = true;
    }
    return new MaskedExample(example, masked);
  }

  private static int nthMaskable(TokenizedExample example, int n) {
    int seen = 0;
    for (int token = 0; token < example.size(); token++) {
      if (example.isMaskable(token) && seen++ == n) {
        return token;
      }
    }
    throw new IllegalStateException(
        "Example " + example + " has fewer than " + (n + 1) + " maskable tokens");
  }
}
