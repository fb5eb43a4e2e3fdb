package io.relstream.masking;

import io.relstream.tokenize.TokenizedExample;
import java.util.SplittableRandom;

/** Masks each maskable cell with the rate's probability, and one at random when that chose none. */
final class UniformChooser {
  private UniformChooser() {}

  static void choose(TokenizedExample example, double rate, SplittableRandom random, boolean[] masked) {
    int maskable = 0;
    int chosen = 0;
    for (int cell = 0; cell < masked.length; cell++) {
      if (example.isCellMaskable(cell)) {
        maskable++;
        if (random.nextDouble() < rate) {
          masked[cell] = true;
          chosen++;
        }
      }
    }
    if (chosen == 0 && maskable > 0) {
      masked[nthMaskable(example, random.nextInt(maskable))] = true;
    }
  }

  private static int nthMaskable(TokenizedExample example, int n) {
    int seen = 0;
    for (int cell = 0; cell < example.cellCount(); cell++) {
      if (example.isCellMaskable(cell) && seen++ == n) {
        return cell;
      }
    }
    throw new IllegalStateException(
        "Example " + example + " has fewer than " + (n + 1) + " maskable cells");
  }
}
