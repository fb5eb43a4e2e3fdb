package io.relstream.encoder;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Loads saved weights into a live block by copying them into its existing arrays. Replacing the
 * arrays, as {@code Block.loadParameters} does, would leave the trainer's parameter store pointing
 * at the old ones and drop their gradients. Stateless.
 */
final class ParameterCopy {
  private ParameterCopy() {}

  /**
   * Decodes {@code saved} into a scratch block with the same config and copies every parameter into
   * {@code target}.
   *
   * @throws IllegalArgumentException when the bytes are not weights of a block with this config
   */
  static void load(
      byte[] saved, RelationalEncoderBlock target, EncoderConfig config, NDManager manager) {
    RelationalEncoderBlock scratch = new RelationalEncoderBlock(config);
    try (NDManager scratchManager = manager.newSubManager();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      scratch.loadParameters(scratchManager, in);
      copy(scratch.getParameters(), target.getParameters());
    } catch (IOException | MalformedModelException e) {
      throw new IllegalArgumentException(
          "Invalid encoder parameters ("
              + saved.length
              + " bytes) for "
              + config
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void copy(PairList<String, Parameter> source, PairList<String, Parameter> target) {
    if (source.size() != target.size()) {
      throw new IllegalArgumentException(
          "Saved parameters have " + source.size() + " entries but the model has " + target.size());
    }
    for (int i = 0; i < target.size(); i++) {
      Pair<String, Parameter> from = source.get(i);
      Pair<String, Parameter> to = target.get(i);
      NDArray fromArray = from.getValue().getArray();
      NDArray toArray = to.getValue().getArray();
      if (!from.getKey().equals(to.getKey()) || !fromArray.getShape().equals(toArray.getShape())) {
        throw new IllegalArgumentException(
            "Saved parameter "
                + from.getKey()
                + " "
                + fromArray.getShape()
                + " does not match "
                + to.getKey()
                + " "
                + toArray.getShape());
      }
      fromArray.copyTo(toArray);
    }
  }
}
