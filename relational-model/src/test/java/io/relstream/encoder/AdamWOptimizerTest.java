package io.relstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The AdamW update rule on small arrays, checked against values worked out by hand. */
class AdamWOptimizerTest {
  private static final Offset<Float> CLOSE = Offset.offset(1e-6f);

  @Test
  void firstStepMovesEachWeightByLearningRate() {
    OptimizerConfig config = new OptimizerConfig(0.1f, 0f, 0, 0f, 0.9f, 0.999f, 1e-8f);
    try (NDManager manager = NDManager.newBaseManager();
        AdamWOptimizer optimizer = new AdamWOptimizer(config)) {
      NDArray weight = manager.create(new float[] {1f, 2f});
      optimizer.beginStep(5.0);
      try (NDArray grad = manager.create(new float[] {3f, -4f})) {
        optimizer.update("w", weight, grad);
      }

      // The bias-corrected first step is lr * g / |g| for each element.
      assertThat(weight.toFloatArray()).containsExactly(new float[] {0.9f, 2.1f}, CLOSE);
    }
  }

  @Test
  void clippingScalesTheMoments() {
    OptimizerConfig config = new OptimizerConfig(0.1f, 0f, 0, 1f, 0.9f, 0.999f, 1e-8f);
    try (NDManager manager = NDManager.newBaseManager();
        AdamWOptimizer optimizer = new AdamWOptimizer(config)) {
      Parameter parameter = parameter("w", manager.create(new float[] {1f, 2f}));
      optimizer.beginStep(5.0);
      try (NDArray grad = manager.create(new float[] {3f, -4f})) {
        optimizer.update(parameter.getId(), parameter.getArray(), grad);
      }

      float[][] moments = moments(optimizer, parameter);
      // The gradient is scaled to norm 1: (0.6, -0.8); the mean keeps (1 - beta1) of it.
      assertThat(moments[0]).containsExactly(new float[] {0.06f, -0.08f}, CLOSE);
      assertThat(moments[1]).containsExactly(new float[] {0.00036f, 0.00064f}, CLOSE);
    }
  }

  @Test
  void weightDecaySkipsVectors() {
    OptimizerConfig config = new OptimizerConfig(0.1f, 0.5f, 0, 0f, 0.9f, 0.999f, 1e-8f);
    try (NDManager manager = NDManager.newBaseManager();
        AdamWOptimizer optimizer = new AdamWOptimizer(config)) {
      NDArray matrix = manager.create(new float[] {2f, 4f}, new ai.djl.ndarray.types.Shape(1, 2));
      NDArray vector = manager.create(new float[] {2f, 4f});
      optimizer.beginStep(0.0);
      try (NDArray zeroMatrix = manager.zeros(matrix.getShape());
          NDArray zeroVector = manager.zeros(vector.getShape())) {
        optimizer.update("matrix", matrix, zeroMatrix);
        optimizer.update("vector", vector, zeroVector);
      }

      // A zero gradient leaves only the decay: w * (1 - lr * decay) = w * 0.95.
      assertThat(matrix.toFloatArray()).containsExactly(new float[] {1.9f, 3.8f}, CLOSE);
      assertThat(vector.toFloatArray()).containsExactly(new float[] {2f, 4f}, CLOSE);
    }
  }

  @Test
  void warmupRaisesLearningRateLinearly() {
    OptimizerConfig config = OptimizerConfig.withLearningRate(0.01f).withSchedule(0f, 4, 1f);
    try (AdamWOptimizer optimizer = new AdamWOptimizer(config)) {
      float[] rates = new float[6];
      for (int i = 0; i < rates.length; i++) {
        optimizer.beginStep(1.0);
        rates[i] = optimizer.learningRate();
      }

      assertThat(rates)
          .containsExactly(new float[] {0.0025f, 0.005f, 0.0075f, 0.01f, 0.01f, 0.01f}, CLOSE);
    }
  }

  @Test
  void stateRoundTripsByName() {
    OptimizerConfig config = OptimizerConfig.withLearningRate(0.01f);
    try (NDManager manager = NDManager.newBaseManager();
        AdamWOptimizer first = new AdamWOptimizer(config);
        AdamWOptimizer second = new AdamWOptimizer(config)) {
      Parameter original = parameter("w", manager.create(new float[] {1f, 2f, 3f}));
      first.beginStep(1.0);
      try (NDArray grad = manager.create(new float[] {0.5f, -0.25f, 1f})) {
        first.update(original.getId(), original.getArray(), grad);
      }
      // Another model's parameter of the same name has another id.
      Parameter copy = parameter("w", manager.create(new float[] {0f, 0f, 0f}));

      second.importState(first.exportState(list(original)), list(copy));

      assertThat(second.step()).isEqualTo(1);
      assertThat(moments(second, copy)[0])
          .containsExactly(moments(first, original)[0]);
      assertThat(moments(second, copy)[1])
          .containsExactly(moments(first, original)[1]);
    }
  }

  @Test
  void importRejectsUnknownOrMisshapedParameters() {
    OptimizerConfig config = OptimizerConfig.withLearningRate(0.01f);
    try (NDManager manager = NDManager.newBaseManager();
        AdamWOptimizer optimizer = new AdamWOptimizer(config)) {
      Parameter weight = parameter("w", manager.create(new float[] {1f, 2f}));
      optimizer.beginStep(1.0);
      try (NDArray grad = manager.create(new float[] {1f, 1f})) {
        optimizer.update(weight.getId(), weight.getArray(), grad);
      }
      byte[] state = optimizer.exportState(list(weight));

      Parameter renamed = parameter("v", manager.create(new float[] {1f, 2f}));
      Parameter longer = parameter("w", manager.create(new float[] {1f, 2f, 3f}));
      assertThatThrownBy(() -> optimizer.importState(state, list(renamed)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no parameter w");
      assertThatThrownBy(() -> optimizer.importState(state, list(longer)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has 2 values");
      assertThatThrownBy(() -> optimizer.importState(new byte[] {1, 0}, list(weight)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid optimizer state");
    }
  }

  @Test
  void nonFiniteNormIsRejected() {
    try (AdamWOptimizer optimizer = new AdamWOptimizer(OptimizerConfig.withLearningRate(0.01f))) {
      assertThatThrownBy(() -> optimizer.beginStep(Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not finite");
      assertThat(optimizer.step()).isZero();
    }
  }

  @Test
  void configRejectsValuesOutOfRange() {
    assertThatThrownBy(() -> new OptimizerConfig(0f, 0f, 0, 1f, 0.9f, 0.999f, 1e-8f))
        .hasMessage("learningRate must be in (0, 1] but was 0.0");
    assertThatThrownBy(() -> new OptimizerConfig(0.1f, -1f, 0, 1f, 0.9f, 0.999f, 1e-8f))
        .hasMessage("weightDecay must be in [0, 1] but was -1.0");
    assertThatThrownBy(() -> new OptimizerConfig(0.1f, 0f, -1, 1f, 0.9f, 0.999f, 1e-8f))
        .hasMessage("warmupSteps must be in [0, 100000000] but was -1");
    assertThatThrownBy(() -> new OptimizerConfig(0.1f, 0f, 0, Float.NaN, 0.9f, 0.999f, 1e-8f))
        .hasMessage("clipNorm must be in [0, 1e6] but was NaN");
  }

  private static Parameter parameter(String name, NDArray array) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optArray(array)
        .build();
  }

  private static PairList<String, Parameter> list(Parameter parameter) {
    PairList<String, Parameter> parameters = new PairList<>();
    parameters.add(parameter.getName(), parameter);
    return parameters;
  }

  /** Reads a parameter's mean and variance from the optimizer's exported state. */
  private static float[][] moments(AdamWOptimizer optimizer, Parameter parameter) {
    byte[] state = optimizer.exportState(list(parameter));
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(state);
    buffer.get(); // format
    buffer.getLong(); // step
    buffer.getInt(); // count
    int nameLength = buffer.getShort();
    buffer.position(buffer.position() + nameLength);
    float[][] moments = new float[2][];
    for (int m = 0; m < 2; m++) {
      moments[m] = new float[buffer.getInt()];
      for (int i = 0; i < moments[m].length; i++) {
        moments[m][i] = buffer.getFloat();
      }
    }
    return moments;
  }
}
