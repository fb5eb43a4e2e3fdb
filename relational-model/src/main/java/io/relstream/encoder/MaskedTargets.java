package io.relstream.encoder;

import java.util.Arrays;

/**
 * Flat positions ({@code b * L + t}) of the masked tokens and what the heads should predict there.
 *
 * @param classPositions positions of masked tokens with a class target
 * @param classTargets the class at each of {@code classPositions}
 * @param regressionPositions positions of masked tokens with a regression target
 * @param regressionTargets the normalized value at each of {@code regressionPositions}
 */
record MaskedTargets(
    long[] classPositions,
    long[] classTargets,
    long[] regressionPositions,
    float[] regressionTargets) {

  boolean isEmpty() {
    return classPositions.length == 0 && regressionPositions.length == 0;
  }

  /** Accumulates targets in growable arrays. */
  static final class Builder {
    private long[] classPositions = new long[16];
    private long[] classTargets = new long[16];
    private int classCount;
    private long[] regressionPositions = new long[16];
    private float[] regressionTargets = new float[16];
    private int regressionCount;

    void addClass(int position, int target) {
      if (classCount == classPositions.length) {
        classPositions = Arrays.copyOf(classPositions, classCount * 2);
        classTargets = Arrays.copyOf(classTargets, classCount * 2);
      }
      classPositions[classCount] = position;
      classTargets[classCount++] = target;
    }

    void addRegression(int position, float target) {
      if (regressionCount == regressionPositions.length) {
        regressionPositions = Arrays.copyOf(regressionPositions, regressionCount * 2);
        regressionTargets = Arrays.copyOf(regressionTargets, regressionCount * 2);
      }
      regressionPositions[regressionCount] = position;
      regressionTargets[regressionCount++] = target;
    }

    MaskedTargets build() {
      return new MaskedTargets(
          Arrays.copyOf(classPositions, classCount),
          Arrays.copyOf(classTargets, classCount),
          Arrays.copyOf(regressionPositions, regressionCount),
          Arrays.copyOf(regressionTargets, regressionCount));
    }
  }
}
