package io.relstream.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextPiecesTest {
  @Test
  void piecesAreLowercaseWordsWithinBudget() {
    int[] out = new int[3];
    int count = TextPieces.buckets("Hello, world! HELLO again", 1000, out);
    int[] again = new int[3];
    TextPieces.buckets("hello", 1000, again);

    assertThat(count).isEqualTo(3);
    assertThat(out[0]).isEqualTo(out[2]).isEqualTo(again[0]);
    assertThat(out[1]).isNotEqualTo(out[0]);
  }

  @Test
  void longWordsAreCut() {
    int[] out = new int[8];
    int count = TextPieces.buckets("a".repeat(40), 1000, out);

    assertThat(count).as("pieces of 16, 16 and 8 chars").isEqualTo(3);
    assertThat(out[0]).isEqualTo(out[1]).isNotEqualTo(out[2]);
  }

  @Test
  void textWithoutWordsHasNoPieces() {
    assertThat(TextPieces.buckets("!!! ... ---", 1000, new int[4])).isZero();
    assertThat(TextPieces.buckets("", 1000, new int[4])).isZero();
  }
}
