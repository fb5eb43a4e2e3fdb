package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.io.Serializable;
import java.util.Objects;

/** A tokenized example with the set of tokens that training hides from the encoder. Immutable. */
public final class MaskedExample implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TokenizedExample example;
  private final boolean[] masked;
  private final int maskedCount;

  /**
   * Creates a masked example from a copy of {@code masked}.
   *
   * @throws IllegalArgumentException when {@code masked} does not have one entry per token or marks
   *     a token that is not maskable
   */
  public MaskedExample(TokenizedExample example, boolean[] masked) {
    this.example = Objects.requireNonNull(example, "example");
    if (masked.length != example.size()) {
      throw new IllegalArgumentException(
          "Mask has "
              + masked.length
              + " entries but the example has "
              + example.size()
              + " tokens");
    }
    int count = 0;
    for (int token = 0; token < masked.length; token++) {
      if (masked[token]) {
        if (!example.isMaskable(token)) {
          throw new IllegalArgumentException(
              "Token " + token + " of " + example + " is masked but has no target");
        }
        count++;
      }
    }
    this.masked = masked.clone();
    this.maskedCount = count;
  }

  public TokenizedExample example() {
    return example;
  }

  public int size() {
    return masked.length;
  }

  public boolean isMasked(int token) {
    return masked[token];
  }

  public int maskedCount() {
    return maskedCount;
  }

  @Override
  public String toString() {
    return "MaskedExample{" + example + ", " + maskedCount + " masked}";
  }
}
