package io.relstream.masking;

import java.util.SplittableRandom;

/** Masks each candidate cell with the rate's probability, and one at random when that chose none. */
final class UniformChooser {
  private UniformChooser() {}

  static void choose(boolean[] candidates, double rate, SplittableRandom random, boolean[] masked) {
    int maskable = 0;
    int chosen = 0;
    for (int cell = 0; cell < masked.length; cell++) {
      if (candidates[cell]) {
        maskable++;
        if (random.nextDouble() < rate) {
          masked[cell] = true;
          chosen++;
        }
      }
    }
    if (chosen == 0 && maskable > 0) {
      masked[nthCandidate(candidates, random.nextInt(maskable))] = true;
    }
  }

  private static int nthCandidate(boolean[] candidates, int n) {
    int seen = 0;
    for (int cell = 0; cell < candidates.length; cell++) {
      if (candidates[cell] && seen++ == n) {
        return cell;
      }
    }
    throw new IllegalStateException("Fewer than " + (n + 1) + " candidate cells");
  }
}
