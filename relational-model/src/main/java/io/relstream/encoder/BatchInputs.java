package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.relstream.tokenize.TokenizedExample;
import io.relstream.tokenize.ValueIds;

/** Converts a {@link TokenBatch} into the arrays that {@link RelationalEncoderBlock} reads. Stateless. */
final class BatchInputs {
  private BatchInputs() {}

  /**
   * Returns the encoder inputs in the order that {@link RelationalEncoderBlock} documents: five id
   * arrays {@code [B, L]}, the numeric features {@code [B, L, 9]} and the real-token mask {@code [B, L]}.
   * Masked tokens get the id MASK and zero features; row indexes are capped at {@code rowLimit - 1}.
   */
  static NDList encoderInputs(TokenBatch batch, NDManager manager, int rowLimit) {
    int batchSize = batch.size();
    int length = batch.length();
    int positions = batchSize * length;
    long[] valueIds = new long[positions];
    long[] columnIds = new long[positions];
    long[] tableIds = new long[positions];
    long[] roleIds = new long[positions];
    long[] rowIds = new long[positions];
    float[] numeric = new float[positions * TokenBatch.NUMERIC_FEATURES];
    float[] real = new float[positions];
    for (int b = 0; b < batchSize; b++) {
      TokenizedExample example = batch.example(b);
      for (int t = 0; t < length; t++) {
        int position = b * length + t;
        if (!batch.isReal(position)) {
          valueIds[position] = ValueIds.PAD;
          continue;
        }
        real[position] = 1f;
        columnIds[position] = example.columnId(t);
        tableIds[position] = example.tableId(t);
        roleIds[position] = example.roleId(t);
        rowIds[position] = Math.min(example.rowIndex(t), rowLimit - 1);
        if (batch.isMasked(position)) {
          valueIds[position] = ValueIds.MASK;
          continue;
        }
        valueIds[position] = example.valueId(t);
        int offset = position * TokenBatch.NUMERIC_FEATURES;
        numeric[offset] = example.numericValue(t);
        for (int f = 0; f < TokenizedExample.TIME_FEATURES; f++) {
          numeric[offset + 1 + f] = example.timeFeature(t, f);
        }
      }
    }
    Shape shape = new Shape(batchSize, length);
    return new NDList(
        manager.create(valueIds, shape),
        manager.create(columnIds, shape),
        manager.create(tableIds, shape),
        manager.create(roleIds, shape),
        manager.create(rowIds, shape),
        manager.create(numeric, new Shape(batchSize, length, TokenBatch.NUMERIC_FEATURES)),
        manager.create(real, shape));
  }

  /**
   * Returns pooling weights {@code [B, L]} that average the seed row's tokens. An example whose
   * seed row produced no token (a table with only key columns) averages all of its tokens, and
   * an example without tokens gets zero weights.
   */
  static NDArray poolingWeights(TokenBatch batch, NDManager manager) {
    int length = batch.length();
    float[] weights = new float[batch.size() * length];
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      int seedTokens = 0;
      int realTokens = 0;
      for (int t = 0; t < length && batch.isReal(b * length + t); t++) {
        realTokens++;
        if (example.roleId(t) == 0) {
          seedTokens++;
        }
      }
      boolean seedOnly = seedTokens > 0;
      int pooled = seedOnly ? seedTokens : realTokens;
      for (int t = 0; t < realTokens; t++) {
        if (!seedOnly || example.roleId(t) == 0) {
          weights[b * length + t] = 1f / pooled;
        }
      }
    }
    return manager.create(weights, new Shape(batch.size(), length));
  }

  /** Returns the flat positions and targets of the masked tokens that the loss reads. */
  static MaskedTargets maskedTargets(TokenBatch batch) {
    int length = batch.length();
    MaskedTargets.Builder targets = new MaskedTargets.Builder();
    for (int b = 0; b < batch.size(); b++) {
      TokenizedExample example = batch.example(b);
      for (int t = 0; t < length; t++) {
        int position = b * length + t;
        if (!batch.isMasked(position)) {
          continue;
        }
        if (example.targetClass(t) >= 0) {
          targets.addClass(position, example.targetClass(t));
        }
        if (example.hasRegressionTarget(t)) {
          targets.addRegression(position, example.targetValue(t));
        }
      }
    }
    return targets.build();
  }
}
