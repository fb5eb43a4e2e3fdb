package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Adam with weight decay decoupled from the gradient) with linear warm-up and global-norm
 * gradient clipping, as a DJL optimizer.
 * Before each {@code Trainer.step()} the model calls {@link #beginStep(double)} with the global
 * gradient norm, because DJL hands the optimizer one parameter at a time and clipping needs the norm
 * over all of them.
 *
 * <p>The state is the step count and the first- and second-moment estimates of each parameter.
 * {@link #exportState} and {@link #importState} carry it as bytes keyed by parameter name, so that
 * a restored model continues exactly as an uninterrupted one. The update uses no randomness. The
 * moments live in a manager that this optimizer owns and {@link #close()} releases. Not
 * thread-safe.
 */
final class AdamWOptimizer extends Optimizer implements AutoCloseable {
  private static final byte FORMAT = 1;

  private final OptimizerConfig config;
  private final Map<String, Moments> moments = new HashMap<>();
  private NDManager stateManager;
  private long step;
  private float stepLearningRate;
  private float clipScale = 1f;

  AdamWOptimizer(OptimizerConfig config) {
    super(new Builder());
    this.config = config;
  }

  /** The first- and second-moment estimates of one parameter. */
  private record Moments(NDArray mean, NDArray variance) {}

  /**
   * Starts a step: counts it, sets its learning rate and its clipping factor from the global L2
   * norm of all gradients.
   *
   * @throws IllegalArgumentException when the norm is not finite, so that no update runs with it
   */
  void beginStep(double gradientNorm) {
    if (!Double.isFinite(gradientNorm)) {
      throw new IllegalArgumentException("Gradient norm is not finite: " + gradientNorm);
    }
    step++;
    stepLearningRate = config.learningRateAt(step);
    boolean clip = config.clipNorm() > 0 && gradientNorm > config.clipNorm();
    clipScale = clip ? (float) (config.clipNorm() / gradientNorm) : 1f;
  }

  /** Returns the number of steps begun, including an imported count. */
  long step() {
    return step;
  }

  /** Returns the learning rate of the current step. */
  float learningRate() {
    return stepLearningRate;
  }

  /**
   * Updates one parameter in place. PyTorch's grad mode is per thread and on by default, and it
   * rejects in-place changes of a leaf that requires grad, so the update turns it off for its
   * duration; a Flink task restarted on a new thread would otherwise fail here.
   */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    if (step == 0) {
      throw new IllegalStateException("beginStep must be called before the first update");
    }
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      applyUpdate(parameterId, weight, grad);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  private void applyUpdate(String parameterId, NDArray weight, NDArray grad) {
    Moments state = moments.computeIfAbsent(parameterId, id -> zeros(weight.getShape(), weight));
    float beta1 = config.beta1();
    float beta2 = config.beta2();
    try (NDArray gradient = grad.mul(clipScale);
        NDArray meanPart = gradient.mul(1f - beta1);
        NDArray squared = gradient.square()) {
      state.mean().muli(beta1).addi(meanPart);
      state.variance().muli(beta2).addi(squared.muli(1f - beta2));
    }
    double meanCorrection = 1 - Math.pow(beta1, step);
    double varianceCorrection = 1 - Math.pow(beta2, step);
    try (NDArray corrected = state.variance().div((float) varianceCorrection);
        NDArray denominator = corrected.sqrt()) {
      denominator.addi(config.epsilon());
      try (NDArray direction = state.mean().div(denominator)) {
        direction.muli((float) (stepLearningRate / meanCorrection));
        if (config.weightDecay() > 0 && weight.getShape().dimension() >= 2) {
          weight.muli(1f - stepLearningRate * config.weightDecay());
        }
        weight.subi(direction);
      }
    }
    zeroGradient(weight);
  }

  /**
   * Zeroes the weight's gradient, because PyTorch adds each backward pass to the stored gradient.
   * In DJL 0.36 only the engine's own optimizer operators zero it, so without this call every step
   * would use the sum of all gradients so far.
   */
  static void zeroGradient(NDArray weight) {
    if (!(weight instanceof PtNDArray pytorchWeight)) {
      throw new IllegalStateException(
          "AdamWOptimizer supports the PyTorch engine only, but got " + weight.getClass());
    }
    JniUtils.zeroGrad(pytorchWeight);
  }

  private Moments zeros(Shape shape, NDArray like) {
    if (stateManager == null) {
      stateManager = like.getManager().newSubManager();
    }
    return new Moments(
        stateManager.zeros(shape, like.getDataType()), stateManager.zeros(shape, like.getDataType()));
  }

  /**
   * Returns the step count and every moment estimate, in the order of {@code parameters}, as bytes
   * that {@link #importState} reads.
   */
  byte[] exportState(PairList<String, Parameter> parameters) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(step);
      int count = 0;
      for (Pair<String, Parameter> parameter : parameters) {
        count += moments.containsKey(parameter.getValue().getId()) ? 1 : 0;
      }
      out.writeInt(count);
      for (Pair<String, Parameter> parameter : parameters) {
        Moments state = moments.get(parameter.getValue().getId());
        if (state != null) {
          out.writeUTF(parameter.getKey());
          writeArray(out, state.mean());
          writeArray(out, state.variance());
        }
      }
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw, so this would be a bug.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the step count and the moment estimates with exported ones.
   *
   * @throws IllegalArgumentException when the bytes cannot be read or name a parameter that {@code
   *     parameters} lacks or has with another shape
   */
  void importState(byte[] state, PairList<String, Parameter> parameters) {
    Map<String, Parameter> byName = new HashMap<>();
    for (Pair<String, Parameter> parameter : parameters) {
      byName.put(parameter.getKey(), parameter.getValue());
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Unsupported optimizer state format " + format + ": this optimizer reads " + FORMAT);
      }
      long restoredStep = in.readLong();
      int count = in.readInt();
      Map<String, Moments> restored = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        Parameter parameter = byName.get(name);
        if (parameter == null) {
          throw new IllegalArgumentException("The model has no parameter " + name);
        }
        NDArray weight = parameter.getArray();
        Moments slot = zeros(weight.getShape(), weight);
        restored.put(parameter.getId(), slot);
        readArray(in, slot.mean(), name);
        readArray(in, slot.variance(), name);
      }
      closeMoments();
      moments.putAll(restored);
      step = restoredStep;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Invalid optimizer state of " + state.length + " bytes: " + e, e);
    }
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    float[] values = array.toFloatArray();
    out.writeInt(values.length);
    for (float value : values) {
      out.writeFloat(value);
    }
  }

  private static void readArray(DataInputStream in, NDArray target, String name)
      throws IOException {
    int length = in.readInt();
    if (length != target.size()) {
      throw new IllegalArgumentException(
          "Optimizer state of "
              + name
              + " has "
              + length
              + " values but the parameter has shape "
              + target.getShape());
    }
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = in.readFloat();
    }
    target.set(values);
  }

  private void closeMoments() {
    for (Moments state : moments.values()) {
      state.mean().close();
      state.variance().close();
    }
    moments.clear();
  }

  /** Releases the moment estimates. */
  @Override
  public void close() {
    moments.clear();
    if (stateManager != null) {
      stateManager.close();
      stateManager = null;
    }
  }

  /** The builder that DJL's base class requires; this optimizer reads none of its settings. */
  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
