package io.relstream.encoder;

/**
 * The heads' outputs at the masked tokens of a batch, in token order: for masked token {@code i},
 * example {@code examples[i]}, token {@code tokens[i]} of that example, its class logits over the
 * whole value vocabulary and its regression output, a robust-normalized value.
 *
 * @param examples the index in the batch of each masked token's example
 * @param tokens the index of each masked token within its example
 * @param classLogits the logits of each masked token, {@code [masked][vocabularySize]}
 * @param values the regression output of each masked token
 */
public record MaskedPredictions(int[] examples, int[] tokens, float[][] classLogits, float[] values) {

  /** Returns the number of masked tokens. */
  public int size() {
    return tokens.length;
  }
}
