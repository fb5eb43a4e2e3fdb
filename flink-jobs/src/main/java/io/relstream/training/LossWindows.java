package io.relstream.training;

import java.util.List;

/**
 * Mean training loss over the first and the last window of steps, the figure that shows whether
 * training makes progress. The window is a tenth of the steps, between 1 and 50 steps.
 */
public final class LossWindows {
  private static final int MAX_WINDOW = 50;

  private LossWindows() {}

  /** Returns the window length used for {@code steps} steps. */
  public static int windowLength(int steps) {
    return Math.max(1, Math.min(MAX_WINDOW, steps / 10));
  }

  /** Returns the mean loss of the first window, or NaN when there are no losses. */
  public static double first(List<Float> lossesByStep) {
    int window = windowLength(lossesByStep.size());
    return mean(lossesByStep.subList(0, Math.min(window, lossesByStep.size())));
  }

  /** Returns the mean loss of the last window, or NaN when there are no losses. */
  public static double last(List<Float> lossesByStep) {
    int window = windowLength(lossesByStep.size());
    return mean(lossesByStep.subList(Math.max(0, lossesByStep.size() - window), lossesByStep.size()));
  }

  private static double mean(List<Float> losses) {
    return losses.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
  }
}
