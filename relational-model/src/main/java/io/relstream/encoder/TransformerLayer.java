package io.relstream.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer: {@code x + attention(norm(x))}, then {@code x +
 * ffn(norm(x))} with a GELU feed-forward block. An additive bias decides which keys each head may
 * attend to. The inputs are the states {@code [B, L, D]} and a bias that broadcasts to the scores
 * {@code [B, heads, L, L]}: {@code [B, heads, L, L]} for relational attention or {@code [B, 1, 1,
 * L]} for key padding alone. The output is the new states {@code [B, L, D]}. It keeps no state between calls besides its
 * parameters.
 */
final class TransformerLayer extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int modelDim;
  private final int heads;
  private final int ffnDim;
  private final LayerNorm attentionNorm;
  private final Linear queryKeyValue;
  private final Linear attentionOutput;
  private final LayerNorm feedForwardNorm;
  private final Linear feedForwardIn;
  private final Linear feedForwardOut;

  TransformerLayer(int modelDim, int heads, int ffnDim) {
    super(VERSION);
    this.modelDim = modelDim;
    this.heads = heads;
    this.ffnDim = ffnDim;
    // Axis 2 of [B, L, D]: the block's default would normalize over L and D together.
    attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
    queryKeyValue =
        addChildBlock("queryKeyValue", Linear.builder().setUnits(3L * modelDim).build());
    attentionOutput = addChildBlock("attentionOutput", Linear.builder().setUnits(modelDim).build());
    feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
    feedForwardIn = addChildBlock("feedForwardIn", Linear.builder().setUnits(ffnDim).build());
    feedForwardOut = addChildBlock("feedForwardOut", Linear.builder().setUnits(modelDim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray states = inputs.get(0);
    NDArray bias = inputs.get(1);
    NDArray normalized =
        attentionNorm.forward(store, new NDList(states), training).singletonOrThrow();
    NDArray attended = attend(store, normalized, bias, training);
    NDArray afterAttention = states.add(attended);

    NDArray normalizedAgain =
        feedForwardNorm.forward(store, new NDList(afterAttention), training).singletonOrThrow();
    NDArray hidden =
        feedForwardIn.forward(store, new NDList(normalizedAgain), training).singletonOrThrow();
    NDArray activated = Activation.gelu(hidden);
    NDArray projected =
        feedForwardOut.forward(store, new NDList(activated), training).singletonOrThrow();
    return new NDList(afterAttention.add(projected));
  }

  /** Returns multi-head scaled dot-product self-attention of {@code x}, projected back to D. */
  private NDArray attend(ParameterStore store, NDArray x, NDArray bias, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    int headDim = modelDim / heads;
    NDList qkv =
        queryKeyValue.forward(store, new NDList(x), training).singletonOrThrow().split(3, 2);
    NDArray queries = splitHeads(qkv.get(0), batch, length, headDim);
    NDArray keys = splitHeads(qkv.get(1), batch, length, headDim);
    NDArray values = splitHeads(qkv.get(2), batch, length, headDim);

    NDArray scores =
        queries.matMul(keys.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headDim)).add(bias);
    NDArray weights = scores.softmax(-1);
    NDArray context = weights.matMul(values).transpose(0, 2, 1, 3).reshape(batch, length, modelDim);
    return attentionOutput.forward(store, new NDList(context), training).singletonOrThrow();
  }

  /** Reshapes {@code [B, L, D]} to {@code [B, heads, L, D / heads]}. */
  private NDArray splitHeads(NDArray x, long batch, long length, int headDim) {
    return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape states = inputShapes[0];
    attentionNorm.initialize(manager, dataType, states);
    queryKeyValue.initialize(manager, dataType, states);
    attentionOutput.initialize(manager, dataType, states);
    feedForwardNorm.initialize(manager, dataType, states);
    feedForwardIn.initialize(manager, dataType, states);
    feedForwardOut.initialize(manager, dataType, new Shape(states.get(0), states.get(1), ffnDim));
  }
}
