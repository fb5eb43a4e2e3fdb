package io.relstream.training;

import io.relstream.encoder.StepResult;
import io.relstream.modelstore.ModelMetrics;
import java.util.ArrayDeque;

/**
 * The last {@value #WINDOW} training steps that changed the weights, for the metrics in a model
 * manifest. Not thread-safe: the training operator owns it.
 */
final class RecentSteps {
  static final int WINDOW = 50;

  private final ArrayDeque<StepResult> steps = new ArrayDeque<>();

  /** Adds a step; a step without masked tokens changed nothing and is left out. */
  void add(StepResult step) {
    if (step.maskedTokens() == 0) {
      return;
    }
    steps.addLast(step);
    if (steps.size() > WINDOW) {
      steps.removeFirst();
    }
  }

  /** Returns the means over the window; masked accuracy counts only steps with class targets. */
  ModelMetrics metrics() {
    if (steps.isEmpty()) {
      return ModelMetrics.none();
    }
    double loss = 0;
    double classification = 0;
    double regression = 0;
    double accuracy = 0;
    int withAccuracy = 0;
    for (StepResult step : steps) {
      loss += step.loss();
      classification += step.classificationLoss();
      regression += step.regressionLoss();
      if (!Float.isNaN(step.maskedAccuracy())) {
        accuracy += step.maskedAccuracy();
        withAccuracy++;
      }
    }
    int count = steps.size();
    return new ModelMetrics(
        count,
        loss / count,
        classification / count,
        regression / count,
        withAccuracy == 0 ? Double.NaN : accuracy / withAccuracy);
  }
}
